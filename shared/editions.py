"""The editions a service knows, learnt from the ``editions`` topic only (no service reads the edition
file or another service's database).

Contract: ``load`` reads the whole topic (one partition, kept forever) before the service starts
consuming anything else, so every edition published before the start is known; ``follow`` then reads
every later publication in this process, from where ``load`` ended, until ``stop``: the service's
subscriber of the topic is in its consumer group, which hands the topic's one partition to one instance
only, so the others would never learn of a new edition or a finalisation from it. ``apply`` also takes
what that subscriber hands over. A publication replaces an earlier one of the same edition only when its
event time is later, so replays, redeliveries and the two readers of one event change nothing.
"""

import asyncio
import logging
from datetime import datetime

from aiokafka import AIOKafkaConsumer, TopicPartition
from pydantic import ValidationError

from shared import topics
from shared.edition import Edition
from shared.events.catalogue import adapter
from shared.events.lifecycle import EditionPublishedEvent, WinnersAnnouncedEvent
from shared.kafka_security import client_options
from shared.settings import CommonSettings

log = logging.getLogger("awards.editions")
FOLLOW_RETRY_S = 5.0


class EditionBook:
    def __init__(self) -> None:
        self._editions: dict[str, tuple[datetime, Edition]] = {}
        self._finalised: dict[str, datetime] = {}
        self._position = 0  # the offset of the next record to read
        self._following: asyncio.Task[None] | None = None

    def finalised_at(self, edition_id: str) -> datetime | None:
        """When the edition was finalised (its winners announced), if it was."""
        return self._finalised.get(edition_id)

    def get(self, edition_id: str) -> Edition | None:
        known = self._editions.get(edition_id)
        return known[1] if known else None

    def known(self) -> list[str]:
        """The id of every edition known, finalised ones included, sorted."""
        return sorted(self._editions)

    def current(self) -> list[Edition]:
        """The editions known and not finalised."""
        return [edition for edition_id, (_, edition) in sorted(self._editions.items())
                if edition_id not in self._finalised]

    def apply(self, event: EditionPublishedEvent | WinnersAnnouncedEvent) -> bool:
        if isinstance(event, WinnersAnnouncedEvent):
            self._finalised.setdefault(event.data.edition_id, event.data.finalised_at)
            return True
        known = self._editions.get(event.data.edition_id)
        if known is not None and known[0] >= event.time:
            return False
        self._editions[event.data.edition_id] = (event.time, event.data.edition)
        return True

    async def load(self, settings: CommonSettings) -> None:
        topic = settings.topic(topics.EDITIONS.name)
        consumer = AIOKafkaConsumer(**client_options(settings),
                                    enable_auto_commit=False, group_id=None)
        await consumer.start()
        try:
            partition = TopicPartition(topic, 0)
            consumer.assign([partition])
            await consumer.seek_to_beginning(partition)
            end = (await consumer.end_offsets([partition]))[partition]
            while await consumer.position(partition) < end:
                await self._read(consumer, partition)
        finally:
            await consumer.stop()
        log.info("editions known at start: %s", sorted(self._editions) or "none")

    def follow(self, settings: CommonSettings) -> None:
        """Reads every publication after those ``load`` read, in the background, until ``stop``; a broker
        that is away is asked again every ``FOLLOW_RETRY_S``."""
        if self._following is None:
            self._following = asyncio.create_task(self._follow(settings), name="editions-follow")

    async def stop(self) -> None:
        if self._following is not None:
            self._following.cancel()
            await asyncio.gather(self._following, return_exceptions=True)
            self._following = None

    async def _follow(self, settings: CommonSettings) -> None:
        partition = TopicPartition(settings.topic(topics.EDITIONS.name), 0)
        while True:
            consumer = AIOKafkaConsumer(**client_options(settings), enable_auto_commit=False, group_id=None)
            try:
                await consumer.start()
                consumer.assign([partition])
                consumer.seek(partition, self._position)
                while True:
                    await self._read(consumer, partition)
            except Exception:  # the broker away: the editions known stay, asked again later
                log.warning("following the editions failed; retrying in %s s", FOLLOW_RETRY_S, exc_info=True)
            finally:
                await consumer.stop()
            await asyncio.sleep(FOLLOW_RETRY_S)

    async def _read(self, consumer: AIOKafkaConsumer, partition: TopicPartition) -> None:
        events = adapter(topics.EDITIONS)
        for records in (await consumer.getmany(partition, timeout_ms=1000)).values():
            for record in records:
                self._position = record.offset + 1
                try:
                    event = events.validate_json(record.value)
                except ValidationError:
                    continue  # the subscriber dead-letters it; here it is simply not an edition
                self.apply(event)
