"""The decisions ``make run`` prints: a consumer of nominations.screened, from its end when it starts,
handing each screening to ``Decisions`` until told to stop."""

import asyncio
import json
import threading

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from infra.console import Decisions
from shared.kafka_security import client_options
from shared.settings import CommonSettings


def follow_screenings(settings: CommonSettings, decisions: Decisions, stopping: threading.Event) -> threading.Thread:
    """Starts the feed and returns once it reads from the topic's end, so nothing published after the
    call is missed."""
    ready = threading.Event()
    thread = threading.Thread(target=lambda: asyncio.run(_feed(settings, decisions, stopping, ready)),
                              name="screenings-feed", daemon=True)
    thread.start()
    ready.wait(30)
    return thread


async def _feed(settings: CommonSettings, decisions: Decisions, stopping: threading.Event,
                ready: threading.Event) -> None:
    topic = settings.topic("nominations.screened")
    admin = AIOKafkaAdminClient(**client_options(settings))
    await admin.start()
    try:
        (described,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    consumer = AIOKafkaConsumer(**client_options(settings), enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p["partition"]) for p in described["partitions"]]
        consumer.assign(partitions)
        await consumer.seek_to_end(*partitions)
        for partition in partitions:
            await consumer.position(partition)  # resolves the end now, before anything is published
        ready.set()
        while not stopping.is_set():
            for records in (await consumer.getmany(timeout_ms=500)).values():
                for record in records:
                    try:
                        decisions.record(json.loads(record.value))
                    except ValueError:
                        continue
    finally:
        ready.set()
        await consumer.stop()
