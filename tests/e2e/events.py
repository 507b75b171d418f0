"""What an outside system sends and reads: literal CloudEvents JSON over plain aiokafka, no project
helpers."""

import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient


def submitted(reference: str, *, source: str = "https://portal.mohp.gov.eg",
              time: str | None = "2023-11-15T10:00:00Z", event_id: str | None = None, **data: Any) -> bytes:
    """``time=None`` stamps the submission now (for editions whose windows are open today)."""
    event = {
        "specversion": "1.0",
        "id": event_id or str(uuid.uuid4()),
        "source": source,
        "type": "org.socialgov.awards.nomination.submitted.v1",
        "time": time or datetime.now(UTC).isoformat(),
        "datacontenttype": "application/json",
        "data": {
            "reference": reference,
            "edition_id": "2024-first",
            "category": "digital-content",
            "country": "EG",
            "sector": "health",
            "nominee": {"kind": "entity", "name_ar": "وزارة الصحة والسكان",
                        "name_en": "Ministry of Health and Population", "organisation_type": "ministry"},
            "accounts": [{"platform": "facebook", "url": "https://www.facebook.com/mohp.gov.eg"}],
            **data,
        },
    }
    return json.dumps(event, ensure_ascii=False).encode()


async def publish(bootstrap_servers: str, topic: str, messages: Iterable[tuple[bytes, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers, acks="all")
    await producer.start()
    try:
        for key, value in messages:
            await producer.send_and_wait(topic, value, key=key)
    finally:
        await producer.stop()


async def _partitions(bootstrap_servers: str, topic: str) -> list[int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        (description,) = await admin.describe_topics([topic])
        return sorted(p["partition"] for p in description["partitions"])
    finally:
        await admin.close()


async def read_all(bootstrap_servers: str, topic: str) -> list[Any]:
    """Every record on ``topic`` up to its current end."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in await _partitions(bootstrap_servers, topic)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        records: list[Any] = []
        while [p for p in partitions if await consumer.position(p) < end[p]]:
            for batch in (await consumer.getmany(timeout_ms=1000)).values():
                records.extend(batch)
        return records
    finally:
        await consumer.stop()


def cloud_event(kind: str, data: dict[str, Any], *, time: str, source: str = "https://monitor.example.org",
                event_id: str | None = None) -> bytes:
    """Any of our events as an outside system writes it, e.g. kind="judging.score.submitted"."""
    return json.dumps({
        "specversion": "1.0", "id": event_id or str(uuid.uuid4()), "source": source,
        "type": f"org.socialgov.awards.{kind}.v1", "time": time, "datacontenttype": "application/json",
        "data": data,
    }, ensure_ascii=False).encode()


async def consumed(bootstrap_servers: str, group: str, topic: str) -> bool:
    """Whether ``group`` has committed everything now on ``topic``: the consumer has handled it all."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers)
    await admin.start()
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in await _partitions(bootstrap_servers, topic)]
        committed = await admin.list_consumer_group_offsets(group)
        ends = await consumer.end_offsets(partitions)
        return all(tp in committed and committed[tp].offset >= ends[tp] for tp in partitions if ends[tp] > 0)
    finally:
        await admin.close()
        await consumer.stop()
