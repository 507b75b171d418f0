"""Consumer lag: how many events of each partition a consumer group has not committed yet. Read from
Kafka (committed offsets against end offsets), so it is the truth whatever the consumer believes; a
partition the group never committed counts from its beginning."""

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from shared.metrics import CONSUMER_LAG
from shared.periodic import Periodic

log = logging.getLogger("awards.lag")
CLOSE_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Lag:
    group: str
    topic: str
    partition: int
    committed: int
    end: int

    @property
    def behind(self) -> int:
        return max(0, self.end - self.committed)


async def lag_of(kafka: dict[str, Any], reads: dict[str, list[str]]) -> list[Lag]:
    """kafka: the clients' options (``client_options``); reads: consumer group → the topics it reads."""
    admin = AIOKafkaAdminClient(**kafka)
    consumer = AIOKafkaConsumer(**kafka)
    try:
        await admin.start()
        await consumer.start()
        names = sorted({t for topics in reads.values() for t in topics})
        partitions = [TopicPartition(d["topic"], p["partition"])
                      for d in await admin.describe_topics(names) for p in d["partitions"]]
        ends = await consumer.end_offsets(partitions)
        beginnings = await consumer.beginning_offsets(partitions)
        found = []
        for group, topics in sorted(reads.items()):
            committed = await admin.list_consumer_group_offsets(group)
            for tp in sorted((p for p in partitions if p.topic in topics), key=lambda p: (p.topic, p.partition)):
                mark = committed[tp].offset if tp in committed and committed[tp].offset >= 0 else beginnings[tp]
                found.append(Lag(group, tp.topic, tp.partition, mark, ends[tp]))
        return found
    finally:  # also when Kafka is down and a start failed or was cancelled; never waits long for it
        for close in (consumer.stop, admin.close):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(close(), CLOSE_TIMEOUT_S)


def lag_watch(service: str, kafka: dict[str, Any], reads: dict[str, list[str]],
              interval_s: float = 15.0) -> Periodic:
    """Keeps ``awards_consumer_lag`` up to date for this service's groups once started; a measurement
    that fails (Kafka away) is logged and the next one runs on schedule: a metric never stops a service."""
    async def measure() -> None:
        for lag in await lag_of(kafka, reads):
            CONSUMER_LAG.labels(service, lag.group, lag.topic, str(lag.partition)).set(lag.behind)

    return Periodic("lag", interval_s, measure, log=log, failure="could not measure consumer lag")
