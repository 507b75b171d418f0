"""L1, raw Kafka: an aiokafka producer sends the nominations to a topic, an aiokafka consumer in
another process reads them back. No parsing, no commits, no logic: the broker and client ceiling."""

import time
import uuid
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from .kafka_tools import create_topics, delete_topics_with_prefix, partitions, publish_all
from .workers import Report, Worker


async def assigned_consumer(bootstrap_servers: str, topic: str, group: str | None = None,
                            from_end: bool = False) -> AIOKafkaConsumer:
    """A consumer holding every partition of ``topic`` from its beginning (or, ``from_end``, from its end
    as it is when this returns: every record sent afterwards is read), without waiting for a group
    rebalance (a group, when named, is used only to commit)."""
    assigned = [TopicPartition(topic, p) for p in await partitions(bootstrap_servers, topic)]
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, group_id=group, enable_auto_commit=False)
    await consumer.start()
    consumer.assign(assigned)
    if from_end:
        await consumer.seek_to_end(*assigned)
        for tp in assigned:
            await consumer.position(tp)  # seek_to_end gives up after request_timeout_ms; this waits
    else:
        await consumer.seek_to_beginning(*assigned)
    return consumer


async def consume(bootstrap_servers: str, topic: str, expected: int, report: Report) -> None:
    consumer = await assigned_consumer(bootstrap_servers, topic)
    try:
        report("ready")
        received = 0
        while received < expected:
            batches = await consumer.getmany(timeout_ms=200, max_records=500)
            received += sum(len(records) for records in batches.values())
        report(time.monotonic())
    finally:
        await consumer.stop()


async def measure(bootstrap_servers: str, messages: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    prefix = f"benchraw{uuid.uuid4().hex[:8]}."
    topic = prefix + "nominations.submitted"
    await create_topics(bootstrap_servers, [topic])
    try:
        with Worker(consume, bootstrap_servers, topic, len(messages)) as consumer:
            await consumer.ready()
            started = await publish_all(bootstrap_servers, topic, messages)
            finished = await consumer.report(timeout_s=300)
    finally:
        await delete_topics_with_prefix(bootstrap_servers, prefix)
    return {"messages": len(messages), "seconds": finished - started, "per_s": len(messages) / (finished - started)}
