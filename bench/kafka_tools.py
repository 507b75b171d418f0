"""Small Kafka helpers for the bench: topics of its own, a producer configured like the services',
and reading how far a consumer group has committed (the services commit only after their write)."""

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic


def producer(bootstrap_servers: str) -> AIOKafkaProducer:
    """As our services and a careful outside system publish: acknowledged by all replicas, idempotent,
    with the services' 5 ms linger."""
    return AIOKafkaProducer(bootstrap_servers=bootstrap_servers, acks="all", enable_idempotence=True,
                            linger_ms=5)


async def partitions_of(admin: AIOKafkaAdminClient, topic: str, timeout_s: float = 30) -> list[int]:
    """The topic's partitions, once the broker serves them (a topic just created has none yet)."""
    deadline = time.monotonic() + timeout_s
    while True:
        (description,) = await admin.describe_topics([topic])
        if found := sorted(p["partition"] for p in description["partitions"]):
            return found
        if time.monotonic() > deadline:
            raise TimeoutError(f"no partitions of {topic} after {timeout_s:.0f}s")
        await asyncio.sleep(0.1)


async def partitions(bootstrap_servers: str, topic: str) -> list[int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        return await partitions_of(admin, topic)
    finally:
        await admin.close()


async def create_topics(bootstrap_servers: str, names: Iterable[str], partitions: int = 3) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, partitions, 1) for name in names])
    finally:
        await admin.close()


async def delete_topics_with_prefix(bootstrap_servers: str, prefix: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        doomed = [t for t in await admin.list_topics() if t.startswith(prefix)]
        if doomed:
            await admin.delete_topics(doomed)
    finally:
        await admin.close()


async def publish_all(bootstrap_servers: str, topic: str, messages: Iterable[tuple[bytes, bytes]]) -> float:
    """Sends everything as fast as the client batches it; answers when all are acknowledged, with
    the monotonic time the first send started."""
    sender = producer(bootstrap_servers)
    await sender.start()
    try:
        started = time.monotonic()
        pending = [await sender.send(topic, value, key=key) for key, value in messages]
        await asyncio.gather(*pending)
        return started
    finally:
        await sender.stop()


async def poll_until(done: Callable[[], Awaitable[bool]], timeout_s: float, interval_s: float,
                     progress: Callable[[], str]) -> float:
    """Asks ``done`` every ``interval_s`` until it answers True, and answers the monotonic time it did;
    after ``timeout_s``, raises TimeoutError saying ``progress()``."""
    deadline = time.monotonic() + timeout_s
    while not await done():
        if time.monotonic() > deadline:
            raise TimeoutError(progress())
        await asyncio.sleep(interval_s)
    return time.monotonic()


class GroupProgress:
    """How many records of a topic a consumer group has committed, read cheaply from the broker."""

    def __init__(self, bootstrap_servers: str) -> None:
        self.admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
        self.ends = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, enable_auto_commit=False)
        self.partitions: dict[str, list[int]] = {}
        self.coordinators: dict[str, int] = {}

    async def __aenter__(self) -> "GroupProgress":
        await self.admin.start()
        await self.ends.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.admin.close()
        await self.ends.stop()

    async def committed(self, group: str, topic: str) -> dict[int, int]:
        """Partition → committed offset (the next record the group will read)."""
        offsets = await self.offsets(group)
        return {tp.partition: meta.offset for tp, meta in offsets.items() if tp.topic == topic and meta.offset >= 0}

    async def offsets(self, group: str) -> dict[TopicPartition, Any]:
        """The group's committed offsets, asking its coordinator directly: the bench polls them every
        20 ms, and looking the coordinator up each time doubled the bench's requests to the broker it
        measures (40 FindCoordinator a second at 50 nominations/s). Looked up again after a failure."""
        if group not in self.coordinators:
            self.coordinators[group] = await self.admin.find_coordinator(group)
        try:
            return await self.admin.list_consumer_group_offsets(group, self.coordinators[group])
        except Exception:
            del self.coordinators[group]
            raise

    async def end_offsets(self, topic: str) -> dict[int, int]:
        if topic not in self.partitions:
            self.partitions[topic] = await partitions_of(self.admin, topic)
        ends = await self.ends.end_offsets([TopicPartition(topic, p) for p in self.partitions[topic]])
        return {tp.partition: offset for tp, offset in ends.items()}

    async def caught_up(self, group: str, topic: str) -> bool:
        """Whether ``group`` has committed everything on ``topic`` so far."""
        return sum((await self.committed(group, topic)).values()) >= sum((await self.end_offsets(topic)).values())

    async def wait_committed(self, group: str, topic: str, at_least: int, timeout_s: float,
                             interval_s: float) -> float:
        """Waits until ``group`` has committed ``at_least`` records of ``topic`` in total; answers the
        monotonic time that was first seen."""
        deadline = time.monotonic() + timeout_s
        while True:
            if sum((await self.committed(group, topic)).values()) >= at_least:
                return time.monotonic()
            if time.monotonic() > deadline:
                raise TimeoutError(f"{group} committed fewer than {at_least} records of {topic} "
                                   f"within {timeout_s:.0f}s")
            await asyncio.sleep(interval_s)
