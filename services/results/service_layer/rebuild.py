"""Rebuild by replay, blue/green. Contract:

- ``start`` makes generation N+1 from nothing: an empty database, a new consumer group reading every
  topic the results service consumes from its first offset, the editions read first; it tells staff
  nothing while it replays (they were told when it happened);
- progress is the new group's committed offsets against the end offsets taken when the rebuild began;
- once caught up, its boards are rebuilt, the operators' finalisation records are copied from the live
  generation (an operator decision is not an event) and its frozen tables derived from them; then the
  pointer moves, readers switch at their next request, and the old generation stops consuming. The old
  database is left in place for comparison or rollback;
- every other instance of the service follows the pointer (``follow_pointer``, every few seconds): it
  starts the generation the pointer names, joining its consumer group, switches its readers to it and
  stops its old one.
"""

import asyncio
import logging
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar

from .boards import BoardsPublisher
from .ports import Boards, EditionCatalogue, GenerationPointer, ReplayOffsets

log = logging.getLogger("awards.results.rebuild")


class AlreadyRunning(Exception):
    pass


class Generation(Protocol):
    """One generation of the read models, with the consumers that write it and its board rounds."""

    @property
    def number(self) -> int: ...

    @property
    def boards(self) -> Boards: ...

    @property
    def publisher(self) -> BoardsPublisher: ...

    @property
    def editions(self) -> EditionCatalogue: ...

    @property
    def consumer_group(self) -> str: ...

    async def start(self) -> None:
        """Prepares its database, reads the editions, starts consuming and its board rounds."""
        ...

    async def stop(self) -> None:
        """Stops consuming and its board rounds, and closes its connection to Kafka."""
        ...


G = TypeVar("G", bound=Generation)


class Live(Protocol[G]):
    """Which generation serves the reads."""

    @property
    def current(self) -> G: ...

    def switch(self, generation: G) -> None: ...


class Rebuild(Generic[G]):
    def __init__(self, live: Live[G], make: Callable[[int], G], pointer: GenerationPointer,
                 offsets: ReplayOffsets, poll_s: float = 0.5) -> None:
        self.live, self.make, self.pointer, self.offsets, self.poll_s = live, make, pointer, offsets, poll_s
        self._state: dict[str, Any] = {"state": "idle"}
        self._task: asyncio.Task[None] | None = None
        self._starting = asyncio.Lock()
        self.green: G | None = None

    @property
    def state(self) -> dict[str, Any]:
        return {**self._state, "live_generation": self.live.current.number}

    async def start(self) -> dict[str, Any]:
        if self._starting.locked() or (self._task is not None and not self._task.done()):
            raise AlreadyRunning("a rebuild is already running")
        async with self._starting:
            # A number never used before: an abandoned attempt's consumer group keeps its offsets.
            number = max(self.live.current.number, await self.pointer.attempted()) + 1
            await self.pointer.record_attempt(number)
            await self.pointer.discard(number)
            targets = await self.offsets.end_offsets()
            green = self.make(number)
            green.publisher.milestones.quiet = True
            await green.start()
            self.green = green
            self._state = {"state": "replaying", "generation": number, "events": sum(targets.values()),
                           "started_at": datetime.now(UTC).isoformat(), "replayed": 0, "percent": 0.0}
            self._task = asyncio.create_task(self._follow(green, targets), name="rebuild")
            return self.state

    async def follow_pointer(self) -> None:
        """Switches to the generation the pointer names when another instance's rebuild moved it (this
        instance's own rebuild, while it runs, decides for itself)."""
        if self._task is not None and not self._task.done():
            return
        number = await self.pointer.active()
        if number == self.live.current.number:
            return
        followed = self.make(number)
        await followed.start()
        blue = self.live.current
        self.live.switch(followed)
        await blue.stop()
        log.info("generation %d went live on another instance: followed", number)

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            if self.green is not None:
                await self.green.stop()

    async def _follow(self, green: G, targets: dict[Hashable, int]) -> None:
        try:
            # A poll until done, not a periodic task: the targets are the end offsets taken at start, so
            # it ends once the replay reaches them (or when ``stop`` cancels it).
            while not await self._caught_up(green, targets):
                await asyncio.sleep(self.poll_s)
            await green.publisher.rebuild_dirty()
            blue = self.live.current
            # Nothing is finalised on the old generation between the copy and the switch.
            async with blue.publisher.writing:
                await self._copy_finalisations(blue, green)
                await self.pointer.activate(green.number)
                self.live.switch(green)
            green.publisher.milestones.quiet = False
            await blue.stop()
            self._state.update(state="switched", switched_at=datetime.now(UTC).isoformat())
            log.info("read models rebuilt by replay: generation %d is live", green.number)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # any failure: reported to the operator, the live generation stays
            log.exception("rebuild of generation %d failed", green.number)
            if self.live.current is not green:
                await green.stop()
            self._state.update(state="failed", error=f"{type(error).__name__}: {error}")

    async def _caught_up(self, green: G, targets: dict[Hashable, int]) -> bool:
        """Whether the new group has committed every target offset; the progress is reported meanwhile."""
        committed = await self.offsets.committed(green.consumer_group)
        done = sum(min(committed.get(tp, 0), end) for tp, end in targets.items())
        total = sum(targets.values())
        self._state.update(replayed=done, percent=round(100 * done / total, 1) if total else 100.0)
        return done >= total

    async def _copy_finalisations(self, blue: G, green: G) -> None:
        """The operators' records, and the boards they froze, as they are on the live generation."""
        for finalisation in await blue.boards.finalisations():
            await green.boards.restore(finalisation)
            await green.publisher.finalise(finalisation["record"]["_id"])
