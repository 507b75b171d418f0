"""When the retrier reads the deliveries ledger for what is due.

A due delivery comes from one of two places: a retry this process scheduled (it knows when) or one
another process left behind (it died mid-send, leaving a claim that goes stale, or with retries
scheduled). Reading the ledger costs O(deliveries) on FerretDB, whose indexes do not serve the scan:
read once a second, it was about half of the database time of a 20,000-nomination burst. So the ledger
is read at start, when a retry this process scheduled falls due, and otherwise every ``sweep_s`` (a
fraction of the stale-claim age, so a dead process's claims wait little longer than they must anyway).

Contract: ``scheduled(at)`` after each retry is written to the ledger (``at`` on the monotonic clock,
read after the write, so never before the stored time); ``due(now)`` says whether to read; ``read(began)``
after a read that succeeded, with the time it began (a retry scheduled meanwhile is kept). At most
``remembered`` retries are kept (a receiver down under a burst schedules one per delivery): past that,
the latest are forgotten, and a forgotten one is found by the next sweep, at most ``sweep_s`` late.
"""

import heapq


class RetrySchedule:
    def __init__(self, sweep_s: float, remembered: int) -> None:
        self.sweep_s, self.remembered = sweep_s, remembered
        self._next_sweep = 0.0  # the first call reads: whatever an earlier process left
        self._retries: list[float] = []  # this process's retries not yet read as due

    def scheduled(self, at: float) -> None:
        if len(self._retries) >= self.remembered:  # the earlier half kept: a sorted list is a heap
            self._retries = heapq.nsmallest(max(1, self.remembered // 2), self._retries)
        heapq.heappush(self._retries, at)

    def due(self, now: float) -> bool:
        return now >= self._next_sweep or bool(self._retries and now >= self._retries[0])

    def read(self, began: float) -> None:
        while self._retries and self._retries[0] <= began:
            heapq.heappop(self._retries)
        self._next_sweep = began + self.sweep_s
