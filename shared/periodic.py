"""Work a service does because time passed: reminders and digests, retrying due deliveries, measuring
consumer lag.

Contract: after ``start()``, ``step()`` runs every ``interval_s`` seconds (after the first wait when
``wait_first``), never two at once. A step that raises is logged with ``failure`` and the next one runs on
schedule: time-driven work must survive a passing outage. The first failure of a run of them is logged
with its traceback, the next ones on one line each, so an outage of minutes does not fill the logs with
the same traceback every interval. ``ticks`` counts the steps that completed (and ``expose`` shows it on
/metrics), so a test can prove a step ran before it asserts that the step changed nothing. ``stop()``
cancels the loop and waits for it.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable

from shared.metrics import PERIODIC_TICKS


class Periodic:
    def __init__(self, name: str, interval_s: float, step: Callable[[], Awaitable[None]], *,
                 log: logging.Logger, failure: str, wait_first: bool = False) -> None:
        self.name, self.interval_s, self.step = name, interval_s, step
        self.log, self.failure, self.wait_first = log, failure, wait_first
        self.ticks = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)

    def expose(self, service: str) -> None:
        """``ticks`` as ``awards_periodic_ticks{service, name}`` on the service's /metrics."""
        PERIODIC_TICKS.labels(service, self.name).set_function(lambda: self.ticks)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        if self.wait_first:
            await asyncio.sleep(self.interval_s)
        failing = False
        while True:
            try:
                await self.step()
                self.ticks += 1
                failing = False
            except Exception as error:  # time-driven work survives a passing outage
                if failing:  # the traceback was logged when the failures began
                    self.log.warning("%s (still): %r", self.failure, error)
                else:
                    self.log.exception(self.failure)
                failing = True
            await asyncio.sleep(self.interval_s)
