"""Rows changed moments ago (``fragments.lookup_names``), shared by a process's threads."""

from __future__ import annotations

import threading
import time

from articles import fragments


class SwitchBeforeDelete(dict):
    """A dict that lets another thread run just before ``del d[k]``, as the
    interpreter may switch threads at any bytecode boundary."""

    other = None
    errors: list

    def __delitem__(self, key):
        other, self.other = self.other, None
        if other is not None:

            def run():
                try:
                    other()
                except Exception as error:  # noqa: BLE001 - the test reports any
                    self.errors.append(repr(error))

            thread = threading.Thread(target=run)
            thread.start()
            # With a lock the other thread waits for this one: let it, a moment.
            thread.join(0.2)
            self.thread = thread
        super().__delitem__(key)


def _racing(monkeypatch, recent: dict, other) -> SwitchBeforeDelete:
    fragments.forget_held()
    racing = SwitchBeforeDelete(recent)
    racing.other, racing.errors = other, []
    monkeypatch.setattr(fragments, "_recent", racing)
    return racing


def test_two_threads_expiring_the_same_name_at_once_both_succeed(monkeypatch):
    racing = _racing(monkeypatch, {"articles.article:1": time.time() - 3600}, fragments.lookup_names)
    assert fragments.lookup_names() == []
    racing.thread.join()
    assert racing.errors == []


def test_two_threads_noting_rows_past_the_bound_at_once_both_succeed(monkeypatch):
    now = time.time()
    racing = _racing(
        monkeypatch,
        {f"articles.article:{i}": now for i in range(fragments._RECENT_MAX)},
        lambda: fragments._changed_recently("articles.article:100", now),
    )
    fragments._changed_recently("articles.article:101", now)
    racing.thread.join()
    assert racing.errors == []
    assert len(fragments._recent) == fragments._RECENT_MAX
    assert {"articles.article:100", "articles.article:101"} <= set(fragments._recent)


def test_the_versions_of_fragments_replaced_over_and_over_are_not_all_remembered(monkeypatch):
    fragments.forget_held()
    monkeypatch.setattr(fragments, "_epoch", ["epoch"])
    for token in range(fragments._TOKENS_HELD_MAX + 10):
        fragments._keep_local("card:list:7", {"html": "<li>", "deps": {"articles.article:7": token}})
    assert len(fragments._local) == 1
    assert len(fragments._tokens_held) <= fragments._TOKENS_HELD_MAX + 1
    assert fragments.holds_version(fragments._TOKENS_HELD_MAX + 9, "card:list")
    fragments.forget_held()
