"""The editions a service knows, learnt from the ``editions`` topic only (no service reads the edition
file or another service's database).

Contract: ``load`` reads the whole topic (one partition, kept forever) before the service starts
consuming anything else, so every edition published before the start is known; ``apply`` takes each
later publication from the service's subscriber. A publication replaces an earlier one of the same
edition only when its event time is later, so replays and redeliveries change nothing.
"""

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


class EditionBook:
    def __init__(self) -> None:
        self._editions: dict[str, tuple[datetime, Edition]] = {}
        self._finalised: dict[str, datetime] = {}

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
        events = adapter(topics.EDITIONS)
        consumer = AIOKafkaConsumer(**client_options(settings),
                                    enable_auto_commit=False, group_id=None)
        await consumer.start()
        try:
            partition = TopicPartition(topic, 0)
            consumer.assign([partition])
            await consumer.seek_to_beginning(partition)
            end = (await consumer.end_offsets([partition]))[partition]
            while await consumer.position(partition) < end:
                for records in (await consumer.getmany(partition, timeout_ms=1000)).values():
                    for record in records:
                        try:
                            event = events.validate_json(record.value)
                        except ValidationError:
                            continue  # the subscriber dead-letters it; here it is simply not an edition
                        self.apply(event)
        finally:
            await consumer.stop()
        log.info("editions known at start: %s", sorted(self._editions) or "none")
