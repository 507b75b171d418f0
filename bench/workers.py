"""A measurement worker in a process of its own (a consumer, a hop), as the services are processes
of their own: the raw ceilings get the same two cores to share, not one event loop.

The worker reports through a queue: "ready" once its partitions are assigned, then whatever it
measured. It is ended when the ``with`` block ends, whatever happened.
"""

import asyncio
import logging
import multiprocessing
import queue
from collections.abc import Callable, Coroutine
from multiprocessing.queues import Queue
from typing import Any

import uvloop

Report = Callable[[Any], None]
_SPAWN = multiprocessing.get_context("spawn")  # a fresh interpreter: no event loop inherited by fork


Measurement = Callable[..., Coroutine[Any, Any, None]]


def _run(target: Measurement, args: tuple[Any, ...], reports: "Queue[Any]") -> None:
    # A new group's first commit on a fresh broker waits for the offsets topic; aiokafka warns, retries.
    logging.getLogger("aiokafka").setLevel(logging.ERROR)
    uvloop.run(target(*args, reports.put))


class Worker:
    def __init__(self, target: Measurement, *args: Any) -> None:
        self.reports: Queue[Any] = _SPAWN.Queue()
        self.process = _SPAWN.Process(target=_run, args=(target, args, self.reports), daemon=True)

    def __enter__(self) -> "Worker":
        self.process.start()
        return self

    def __exit__(self, *_: object) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()

    async def report(self, timeout_s: float) -> Any:
        """The worker's next report; fails if it died or said nothing in time."""
        deadline = asyncio.get_running_loop().time() + timeout_s
        while True:
            try:
                return await asyncio.to_thread(self.reports.get, True, 0.5)
            except queue.Empty:
                if not self.process.is_alive():
                    raise RuntimeError(f"bench worker exited with {self.process.exitcode}") from None
                if asyncio.get_running_loop().time() > deadline:
                    raise TimeoutError(f"bench worker silent for {timeout_s:.0f}s") from None

    async def ready(self, timeout_s: float = 60) -> None:
        if (said := await self.report(timeout_s)) != "ready":
            raise RuntimeError(f"bench worker said {said!r} instead of ready")
