"""Counting a dependency's failures and logging them once per interval.

When Redis or PostgreSQL is down every request meets the same error; a line
per request would bury the log (and cost time) while saying nothing new. An
``OutageLog`` logs the first failure at once, then one line per interval
with how many calls failed since the last line, and one line when the
dependency answers again. Its counters (the whole process's, by operation)
are kept for tests and for anyone reading ``snapshot()`` in a shell.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter

logger = logging.getLogger("newsroom.outages")


class OutageLog:
    def __init__(self, name: str, interval: float = 60.0):
        self.name = name
        self.interval = interval
        self._lock = threading.Lock()
        self.total: Counter = Counter()
        self._recent: Counter = Counter()
        self._since: float | None = None
        self._last_line = 0.0

    @property
    def failing(self) -> bool:
        return self._since is not None

    def failure(self, operation: str, error: BaseException | None = None) -> None:
        """Count a failed (or skipped) ``operation``; log if a line is due."""
        now = time.monotonic()
        with self._lock:
            self.total[operation] += 1
            self._recent[operation] += 1
            first = self._since is None
            if first:
                self._since = now
            if not first and now - self._last_line < self.interval:
                return
            self._last_line = now
            recent, self._recent = self._recent, Counter()
        if first:
            logger.warning("%s unavailable, serving without it: %s", self.name, _describe(error))
        else:
            logger.warning(
                "%s still unavailable after %.0f s: %s since the last line (%s)%s",
                self.name,
                now - self._since,
                _plural(sum(recent.values())),
                _by_operation(recent),
                f"; last error: {_describe(error)}" if error else "",
            )

    def recovered(self) -> bool:
        """Note a success; True when it ends an outage (which is then logged)."""
        if self._since is None:
            return False
        with self._lock:
            if self._since is None:
                return False
            seconds, self._since = time.monotonic() - self._since, None
            recent, self._recent = self._recent, Counter()
        logger.warning(
            "%s available again after %.1f s (%s since the last line)",
            self.name,
            seconds,
            _plural(sum(recent.values())),
        )
        return True

    def snapshot(self) -> dict:
        with self._lock:
            return {"failing": self.failing, "total": dict(self.total)}


def _describe(error) -> str:
    if error is None:
        return "not tried (recently failed)"
    return f"{type(error).__name__}: {str(error)[:200]}"


def _plural(count: int) -> str:
    return f"{count} failed call{'s' if count != 1 else ''}"


def _by_operation(counts: Counter) -> str:
    return ", ".join(f"{operation} {count}" for operation, count in counts.most_common())
