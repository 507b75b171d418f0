"""Dead-letter topics as operators see them: every dead letter of a source topic read back with its
headers, and chosen ones replayed to their source topic. The operators' command (``infra.dead_letters``)
and the staff console's dead-letter page use these two, so a replay is one path whichever starts it.

A replayed event goes back to its source topic with its original key, bytes and headers (the x-dlq-*
headers dropped, ``x-awards-replayed-from`` added) and is processed exactly like a new one: still
unreadable, it is dead-lettered again; already applied, it changes nothing (every consumer is
idempotent). Topics are named without the deployment's prefix.
"""

from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from shared import topics
from shared.kafka_security import client_options
from shared.settings import CommonSettings

REPLAYED_FROM = "x-awards-replayed-from"


@dataclass(frozen=True)
class DeadLetter:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: dict[str, str]
    raw_headers: list[tuple[str, bytes]]

    @property
    def position(self) -> str:
        return f"{self.partition}:{self.offset}"

    def summary(self) -> dict[str, Any]:
        h = self.headers
        return {"topic": self.topic, "position": self.position, "time": h.get("x-dlq-time"),
                "service": h.get("x-dlq-service"), "attempts": h.get("x-dlq-attempts"),
                "error": h.get("x-dlq-error-type", "?") + ": " + h.get("x-dlq-error", "?")[:200],
                "bytes": len(self.value)}


async def read(settings: CommonSettings, topic: str) -> list[DeadLetter]:
    """Every dead letter of ``topic`` (unprefixed source topic name), oldest first."""
    name = settings.topic(topic) + topics.DEAD_LETTER_SUFFIX
    admin = AIOKafkaAdminClient(**client_options(settings))
    consumer = AIOKafkaConsumer(**client_options(settings), enable_auto_commit=False)
    await admin.start()
    await consumer.start()
    try:
        (described,) = await admin.describe_topics([name])
        partitions = [TopicPartition(name, p["partition"]) for p in described["partitions"]]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        letters: list[DeadLetter] = []
        while [p for p in partitions if await consumer.position(p) < ends[p]]:
            for batch in (await consumer.getmany(timeout_ms=1000)).values():
                letters += [DeadLetter(topic, r.partition, r.offset, r.key, r.value,
                                       {k: v.decode("utf-8", "replace") for k, v in r.headers or ()},
                                       list(r.headers or ())) for r in batch]
        return sorted(letters, key=lambda d: (d.partition, d.offset))
    finally:
        await consumer.stop()
        await admin.close()


async def replay(settings: CommonSettings, letters: list[DeadLetter]) -> int:
    producer = AIOKafkaProducer(**client_options(settings), acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for letter in letters:
            headers = [(k, v) for k, v in letter.raw_headers if not k.startswith("x-dlq-") and k != REPLAYED_FROM]
            headers.append((REPLAYED_FROM, f"{letter.topic}{topics.DEAD_LETTER_SUFFIX}/{letter.position}".encode()))
            await producer.send_and_wait(settings.topic(letter.topic), letter.value, key=letter.key, headers=headers)
        return len(letters)
    finally:
        await producer.stop()
