"""``shared.faststream_batch_poll`` on the real broker: an event published just as an idle subscriber's
poll came back empty is handled within a fetch, not after FastStream's sleep. The same measurement of
FastStream's own poll shows that sleep (and is the test to watch on an upgrade: once FastStream no longer
sleeps there, the replacement's first change is no longer needed)."""

import asyncio
from collections.abc import Callable
from time import monotonic
from typing import Any

import aiokafka
import pytest
from faststream.kafka.subscriber.usecase import BatchSubscriber

from infra.topics import ensure_topics
from shared import faststream_batch_poll, topics
from shared.events.nomination import NominationSubmittedEvent
from shared.kafka import EventBus, batch_subscription, make_broker
from tests.conftest import isolated_settings
from tests.infrastructure import Infrastructure
from tests.unit.shared.test_kafka import submitted

TOPIC = topics.NOMINATIONS_SUBMITTED
ROUNDS = 3
IDLE_POLL_S = faststream_batch_poll.BATCH_IDLE_POLL_MS / 1000


async def handling_times(infrastructure: Infrastructure, monkeypatch: pytest.MonkeyPatch,
                         poll_of: Callable[[], Any]) -> list[float]:
    """Seconds from publishing to handling of ``ROUNDS`` events, each published as an empty poll of the
    batch subscriber returned (it is idle: nothing else is on the topic); ``poll_of()`` is the poll it
    uses, read once the broker is made."""
    settings = isolated_settings(infrastructure)
    await ensure_topics(settings.bootstrap_servers, settings.topic_prefix)
    empty_poll = asyncio.Event()
    getmany = aiokafka.AIOKafkaConsumer.getmany

    async def watched(consumer: aiokafka.AIOKafkaConsumer, *partitions: Any, **options: Any) -> Any:
        records = await getmany(consumer, *partitions, **options)
        if not records:
            empty_poll.set()
        return records

    monkeypatch.setattr(aiokafka.AIOKafkaConsumer, "getmany", watched)
    broker = make_broker(settings, "poll-probe")
    monkeypatch.setattr(BatchSubscriber, "get_msg", poll_of())
    handled: asyncio.Queue[float] = asyncio.Queue()

    @broker.subscriber(settings.topic(TOPIC.name), **batch_subscription(settings, "poll-probe", TOPIC))
    async def handle(events: list[NominationSubmittedEvent]) -> None:
        for _ in events:
            handled.put_nowait(monotonic())

    bus = EventBus(broker, settings, produces=(TOPIC,))
    await broker.start()
    try:
        await bus.publish(TOPIC, submitted("first"), key="first")  # the group joined and reading
        await asyncio.wait_for(handled.get(), 60)
        took = []
        for round in range(ROUNDS):
            empty_poll.clear()
            await asyncio.wait_for(empty_poll.wait(), 30)
            sent = monotonic()
            await bus.publish(TOPIC, submitted(f"sparse-{round}"), key=f"sparse-{round}")
            took.append(await asyncio.wait_for(handled.get(), 30) - sent)
        return took
    finally:
        await broker.stop()


async def test_an_event_reaching_an_idle_subscriber_is_handled_within_a_fetch(
        infrastructure: Infrastructure, monkeypatch: pytest.MonkeyPatch) -> None:
    def installed() -> Any:
        assert BatchSubscriber.get_msg is faststream_batch_poll.poll  # make_broker installed it
        return faststream_batch_poll.poll

    took = await handling_times(infrastructure, monkeypatch, installed)
    assert max(took) < IDLE_POLL_S / 2, took


async def test_fastStreams_own_poll_makes_it_wait_the_sleep_after_an_empty_poll(
        infrastructure: Infrastructure, monkeypatch: pytest.MonkeyPatch) -> None:
    took = await handling_times(infrastructure, monkeypatch, lambda: faststream_batch_poll.REPLACED)
    assert min(took) > IDLE_POLL_S * 0.6, took
