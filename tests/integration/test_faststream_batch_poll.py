"""``shared.faststream_batch_poll`` on the real broker: an event published just as an idle subscriber's
poll came back empty is handled by the next poll, with no sleep of the consume loop in between. The same
run with FastStream's own poll shows the sleep it takes after every empty poll (the test to watch on an
upgrade: once FastStream no longer sleeps there, the replacement's first change is no longer needed).
What the sleep costs in time is measured by ``make bench``'s stage breakdown, not here."""

import asyncio
from collections.abc import Callable
from typing import Any

import aiokafka
import anyio
import pytest
from faststream.kafka.subscriber import usecase
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


class RecordedSleeps:
    """FastStream's subscriber module's ``anyio``, recording every sleep its consume loop and poll take."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(anyio, name)

    async def sleep(self, seconds: float) -> None:
        self.seconds.append(seconds)
        await anyio.sleep(seconds)


async def sleeps_around_sparse_events(infrastructure: Infrastructure, monkeypatch: pytest.MonkeyPatch,
                                      poll_of: Callable[[], Any]) -> list[float]:
    """The sleeps FastStream's consume loop took while ``ROUNDS`` events, each published as an empty poll
    of the idle batch subscriber returned, were handled; ``poll_of()`` is the poll it uses, read once the
    broker is made."""
    sleeps = RecordedSleeps()
    monkeypatch.setattr(usecase, "anyio", sleeps)
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
    handled: asyncio.Queue[str] = asyncio.Queue()

    @broker.subscriber(settings.topic(TOPIC.name), **batch_subscription(settings, "poll-probe", TOPIC))
    async def handle(events: list[NominationSubmittedEvent]) -> None:
        for event in events:
            handled.put_nowait(event.data.reference)

    bus = EventBus(broker, settings, produces=(TOPIC,))
    await broker.start()
    try:
        await bus.publish(TOPIC, submitted("first"), key="first")  # the group joined and reading
        assert await asyncio.wait_for(handled.get(), 60) == "first"
        sleeps.seconds.clear()
        for round in range(ROUNDS):
            empty_poll.clear()
            await asyncio.wait_for(empty_poll.wait(), 30)
            await bus.publish(TOPIC, submitted(f"sparse-{round}"), key=f"sparse-{round}")
            assert await asyncio.wait_for(handled.get(), 30) == f"sparse-{round}"
        return sleeps.seconds
    finally:
        await broker.stop()


async def test_an_event_reaching_an_idle_subscriber_is_handled_without_a_sleep_after_the_empty_poll(
        infrastructure: Infrastructure, monkeypatch: pytest.MonkeyPatch) -> None:
    def installed() -> Any:
        assert BatchSubscriber.get_msg is faststream_batch_poll.poll  # make_broker installed it
        return faststream_batch_poll.poll

    assert await sleeps_around_sparse_events(infrastructure, monkeypatch, installed) == []


async def test_fastStreams_own_poll_makes_it_wait_the_sleep_after_an_empty_poll(
        infrastructure: Infrastructure, monkeypatch: pytest.MonkeyPatch) -> None:
    slept = await sleeps_around_sparse_events(infrastructure, monkeypatch, lambda: faststream_batch_poll.REPLACED)
    assert slept.count(IDLE_POLL_S) >= ROUNDS, slept
