"""A dependency's failures are counted and logged once per interval."""

import logging

from newsroom import outages


def test_the_first_failure_is_logged_then_one_line_per_interval_then_the_recovery(monkeypatch, caplog):
    clock = [1000.0]
    monkeypatch.setattr(outages.time, "monotonic", lambda: clock[0])
    caplog.set_level(logging.WARNING, logger="newsroom.outages")
    log = outages.OutageLog("Redis cache", interval=60)
    for _ in range(100):
        log.failure("get_many", ConnectionError("refused"))
        clock[0] += 0.1
    assert len(caplog.records) == 1 and "unavailable" in caplog.records[0].getMessage()
    clock[0] += 60
    log.failure("set", None)
    assert len(caplog.records) == 2 and "100 failed calls since the last line" in caplog.records[1].getMessage()
    assert log.recovered() is True and log.recovered() is False
    assert "available again" in caplog.records[2].getMessage()
    assert log.snapshot() == {"failing": False, "total": {"get_many": 100, "set": 1}}
