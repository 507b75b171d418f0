"""The paced loop that rebuilds what is dirty: scoring's standings of a category, results' boards of an
edition. Events mark work; rounds do it.

Contract: after ``start()``, ``round()`` runs whenever ``has_work()`` is true, never two at once. Between
two rounds the loop pauses ``max(next_pause(interval_s, last round's duration), pause_after())``: a round's
work grows with the data (a board holds every nomination of an edition, a category's standings are
relative), so without the pause a large edition would keep the process recomputing back to back and starve
the consumers whose events the rounds summarise; with it, rounds of up to ``LONGEST_PAUSE_S`` take at most
half the process's time.
``pause_after`` lets a caller space rounds to what their readers can absorb (standings published per
second). When nothing is dirty the loop waits for ``wake()``, so the first mark after an idle spell starts
a round at once instead of waiting for an interval. A round that raises is logged and the loop goes on: the
round itself leaves its work dirty for the next one. ``stop()`` cancels the loop and waits for it.
``drain()`` runs rounds at once, outside the loop's rhythm, until nothing is dirty (at shutdown, before a
switch-over, in tests); a round that raises there raises to the caller, its work still dirty.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from shared.metrics import ROUND_SECONDS

# A round longer than this was waiting (a broker that does not acknowledge, a frozen database) more than
# computing: pausing as long again would only delay the recovery by the length of the outage.
LONGEST_PAUSE_S = 5.0


def next_pause(interval_s: float, last_work_s: float) -> float:
    """The configured interval, or as long as the last round took when that was longer, up to
    ``LONGEST_PAUSE_S``."""
    return max(interval_s, min(last_work_s, LONGEST_PAUSE_S))


def _no_pause() -> float:
    return 0.0


class PacedRounds:
    def __init__(self, name: str, service: str, round: Callable[[], Awaitable[bool]], *, interval_s: float,
                 has_work: Callable[[], bool], log: logging.Logger,
                 pause_after: Callable[[], float] = _no_pause) -> None:
        self.name, self.service, self.round, self.interval_s = name, service, round, interval_s
        self.has_work, self.pause_after, self.log = has_work, pause_after, log
        self.rounds = 0
        """Rounds run (done or failed): what a test waits for before it says a round changed nothing."""
        self._woken = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._woken.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def drain(self, max_rounds: int = 100) -> None:
        for _ in range(max_rounds):
            if not self.has_work():
                return
            await self.round()
            self.rounds += 1
        raise RuntimeError(f"{self.name}: still dirty after {max_rounds} rounds")

    async def _run(self) -> None:
        worked_s = 0.0
        while True:
            await asyncio.sleep(max(next_pause(self.interval_s, worked_s), self.pause_after()))
            while not self.has_work():
                self._woken.clear()
                await self._woken.wait()
            started = time.monotonic()
            try:
                worked = await self.round()
            except Exception:  # the round kept its work dirty; the next one retries it
                self.log.exception("the %s round failed; retrying", self.name)
                worked = False
            worked_s = time.monotonic() - started
            self.rounds += 1
            if worked:
                ROUND_SECONDS.labels(self.service, self.name).observe(worked_s)
