"""Rebuild by replay, blue/green. Contract:

- ``start`` makes generation N+1 from nothing: an empty database, a new consumer group reading every
  topic the results service consumes from its first offset, the editions read first; it tells staff
  nothing while it replays (they were told when it happened);
- progress is the new group's committed offsets against the end offsets taken when the rebuild began;
- once caught up, its boards are rebuilt, the operators' finalisation records are copied from the live
  generation (an operator decision is not an event) and its frozen tables derived from them; then the
  pointer moves, readers switch at their next request, and the old generation stops consuming. The old
  database is left in place for comparison or rollback.
"""

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from pymongo import AsyncMongoClient

from shared.kafka_security import client_options
from shared.settings import Settings

from ..adapters.generations import SERVICE, activate, attempted, database_of, record_attempt

log = logging.getLogger("awards.results.rebuild")


class AlreadyRunning(Exception):
    pass


class HistoryExpired(Exception):
    """A topic no longer starts at offset 0: a replay would build an incomplete read model."""


class Rebuild:
    def __init__(self, settings: Settings, client: AsyncMongoClient, live: Any, make: Callable[[int], Any],
                 consumed: tuple[Any, ...]) -> None:
        self.settings, self.client, self.live, self.make, self.consumed = settings, client, live, make, consumed
        self._state: dict[str, Any] = {"state": "idle"}
        self._task: asyncio.Task[None] | None = None
        self._starting = asyncio.Lock()
        self.green: Any = None

    @property
    def state(self) -> dict[str, Any]:
        return {**self._state, "live_generation": self.live.current.number}

    async def start(self) -> dict[str, Any]:
        if self._starting.locked() or (self._task is not None and not self._task.done()):
            raise AlreadyRunning("a rebuild is already running")
        async with self._starting:
            home = self.client[self.settings.database_name(SERVICE)]
            # A number never used before: an abandoned attempt's consumer group keeps its offsets.
            number = max(self.live.current.number, await attempted(home)) + 1
            await record_attempt(home, number)
            await self.client.drop_database(database_of(self.settings, number))
            targets = await self._end_offsets()
            green = self.make(number)
            green.publisher.milestones.quiet = True
            await green.prepare()
            await green.broker.start()
            await green.publisher.start()
            self.green = green
            self._state = {"state": "replaying", "generation": number, "events": sum(targets.values()),
                           "started_at": datetime.now(timezone.utc).isoformat(), "replayed": 0, "percent": 0.0}
            self._task = asyncio.create_task(self._follow(green, targets), name="rebuild")
            return self.state

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            await self._abandon(self.green)

    async def _abandon(self, green: Any) -> None:
        await green.stop_consuming()
        await green.broker.stop()

    async def _follow(self, green: Any, targets: dict[TopicPartition, int]) -> None:
        try:
            while True:
                committed = await self._committed(green.settings.consumer_group(SERVICE))
                done = sum(min(committed.get(tp, 0), end) for tp, end in targets.items())
                total = sum(targets.values())
                self._state.update(replayed=done, percent=round(100 * done / total, 1) if total else 100.0)
                if done >= total:
                    break
                await asyncio.sleep(0.5)
            await green.publisher.flush()
            blue = self.live.current
            # Nothing is finalised on the old generation between the copy and the switch.
            async with blue.publisher.writing:
                await self._copy_finalisations(blue, green)
                await activate(self.client[self.settings.database_name(SERVICE)], green.number)
                self.live.switch(green)
            green.publisher.milestones.quiet = False
            await self._abandon(blue)
            self._state.update(state="switched", switched_at=datetime.now(timezone.utc).isoformat())
            log.info("read models rebuilt by replay: generation %d is live", green.number)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - reported to the operator, the live generation stays
            log.exception("rebuild of generation %d failed", green.number)
            if self.live.current is not green:
                await self._abandon(green)
            self._state.update(state="failed", error=f"{type(error).__name__}: {error}")

    async def _copy_finalisations(self, blue: Any, green: Any) -> None:
        """The operators' records, and the boards they froze, as they are on the live generation."""
        for finalisation in await blue.boards.finalisations():
            await green.boards.restore(finalisation)
            edition_id = finalisation["record"]["_id"]
            edition = green.editions.get(edition_id)
            await green.publisher.finalise(edition_id, edition.judges_per_nomination if edition else 1, None)

    async def _end_offsets(self) -> dict[TopicPartition, int]:
        admin = AIOKafkaAdminClient(**client_options(self.settings))
        consumer = AIOKafkaConsumer(**client_options(self.settings))
        await admin.start()
        await consumer.start()
        try:
            described = await admin.describe_topics([self.settings.topic(t.name) for t in self.consumed])
            partitions = [TopicPartition(d["topic"], p["partition"]) for d in described for p in d["partitions"]]
            if expired := [f"{tp.topic}/{tp.partition}" for tp, first in
                           (await consumer.beginning_offsets(partitions)).items() if first > 0]:
                raise HistoryExpired(f"{', '.join(expired)} no longer start at offset 0")
            return dict(await consumer.end_offsets(partitions))
        finally:
            await consumer.stop()
            await admin.close()

    async def _committed(self, group: str) -> dict[TopicPartition, int]:
        admin = AIOKafkaAdminClient(**client_options(self.settings))
        await admin.start()
        try:
            return {tp: meta.offset for tp, meta in (await admin.list_consumer_group_offsets(group)).items()
                    if meta.offset >= 0}
        finally:
            await admin.close()
