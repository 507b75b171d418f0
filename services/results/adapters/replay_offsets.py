"""Positions in the topics a rebuild by replay reads, from Kafka's admin API: where each partition ends,
and what a consumer group has committed."""

from collections.abc import Hashable

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from shared.kafka_security import client_options
from shared.settings import CommonSettings
from shared.topics import Topic

from ..service_layer.ports import HistoryExpired


class KafkaReplayOffsets:
    def __init__(self, settings: CommonSettings, consumed: tuple[Topic, ...]) -> None:
        self.settings, self.consumed = settings, consumed

    async def end_offsets(self) -> dict[Hashable, int]:
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

    async def committed(self, group: str) -> dict[Hashable, int]:
        admin = AIOKafkaAdminClient(**client_options(self.settings))
        await admin.start()
        try:
            return {tp: meta.offset for tp, meta in (await admin.list_consumer_group_offsets(group)).items()
                    if meta.offset >= 0}
        finally:
            await admin.close()
