"""The retry/dead-letter contract of ``shared.dead_letter``, written once and run twice: in memory
(FastStream's TestKafkaBroker) and against the real Kafka broker, so the same assertions prove both; each
for a handler of single events and a handler of batches."""

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaConnectionError
from faststream.kafka import KafkaMessage, TestKafkaBroker

from infra.topics import ensure_topics
from shared import topics
from shared.events.nomination import NominationSubmittedEvent
from shared.kafka import batch_subscription, make_broker, subscription
from shared.settings import CommonSettings
from shared.transient import TransientFailure
from tests.conftest import isolated_settings
from tests.infrastructure import Infrastructure
from tests.waiting import eventually


def submitted(reference: str) -> bytes:
    return json.dumps({
        "specversion": "1.0", "id": f"id-{reference}", "source": "urn:test", "time": "2023-11-01T00:00:00Z",
        "type": NominationSubmittedEvent.event_type,
        "data": {"reference": reference, "edition_id": "2024-first", "category": "digital-content",
                 "country": "MA", "nominee": {"kind": "entity", "name_ar": "وزارة"}, "accounts": []},
    }).encode()


async def raw_body(message: Any) -> bytes:
    return message.body


class Probe:
    """A broker with one handler (of single events or of batches) whose behaviour each test chooses, and
    a dead-letter listener."""

    def __init__(self, settings: CommonSettings, batch: bool = False) -> None:
        self.settings = settings
        self.topic = settings.topic(topics.NOMINATIONS_SUBMITTED.name)
        self.broker = make_broker(settings, "probe")
        self.handled: list[str] = []
        self.calls: dict[str, int] = {}
        self.dead: list[tuple[bytes, dict[str, str]]] = []
        self.behaviour: dict[str, Exception] = {}
        self.transient_left = 0
        self.batches: list[list[str]] = []

        if batch:
            @self.broker.subscriber(self.topic, **batch_subscription(settings, "probe", topics.NOMINATIONS_SUBMITTED))
            async def handle_batch(events: list[NominationSubmittedEvent]) -> None:
                self.batches.append([event.data.reference for event in events])
                for event in events:
                    self.handle(event)
        else:
            @self.broker.subscriber(self.topic, **subscription(settings, "probe", topics.NOMINATIONS_SUBMITTED))
            async def handle(event: NominationSubmittedEvent) -> None:
                self.handle(event)

        @self.broker.subscriber(self.topic + ".dlq", group_id=settings.consumer_group("probe-dlq"),
                                auto_offset_reset="earliest", decoder=raw_body)
        async def dead_letter(message: KafkaMessage) -> None:
            self.dead.append((message.body, dict(message.headers)))

    def handle(self, event: NominationSubmittedEvent) -> None:
        reference = event.data.reference
        self.calls[reference] = self.calls.get(reference, 0) + 1
        if self.transient_left and reference.startswith("flaky"):
            self.transient_left -= 1
            raise TransientFailure("database briefly away")
        if reference in self.behaviour:
            raise self.behaviour[reference]
        self.handled.append(reference)

    def batched_with_others(self, reference: str) -> int:
        """Attempts of ``reference`` inside batches of several events (each failure of such a batch sends
        its events through alone)."""
        return sum(reference in batch for batch in self.batches if len(batch) > 1)

    async def publish(self, value: bytes, key: bytes = b"same-partition") -> None:
        await self.broker.publish(value, topic=self.topic, key=key)


class DeadLetterContract:
    @asynccontextmanager
    async def running(self, probe: Probe) -> AsyncIterator[None]:
        raise NotImplementedError
        yield

    @pytest.fixture(params=[False, True], ids=["single", "batch"])
    def probe(self, settings: CommonSettings, request: pytest.FixtureRequest) -> Probe:
        return Probe(settings, batch=request.param)

    async def test_unreadable_bytes_are_dead_lettered_as_they_came_and_the_next_event_flows(
        self, probe: Probe
    ) -> None:
        async with self.running(probe):
            await probe.publish(b"\x00\x01 not json")
            await probe.publish(submitted("after"))
            await eventually(lambda: _ready(probe.handled == ["after"] and probe.dead), 60,
                             "the dead letter and the next event")
        body, headers = probe.dead[0]
        assert body == b"\x00\x01 not json"
        assert headers["x-dlq-service"] == "probe"
        assert headers["x-dlq-attempts"] == "1"
        assert headers["x-dlq-source-topic"] == probe.topic

    async def test_a_handler_bug_on_one_event_is_retried_then_dead_lettered(self, probe: Probe) -> None:
        probe.behaviour["cursed"] = ValueError("bug triggered by this one event")
        async with self.running(probe):
            await probe.publish(submitted("cursed"))
            await probe.publish(submitted("fine"))
            await eventually(lambda: _ready(probe.handled == ["fine"] and probe.dead), 60,
                             "the bug to be dead-lettered and the next event handled")
        assert probe.calls["cursed"] == probe.settings.handler_max_attempts + probe.batched_with_others("cursed")
        assert probe.dead[0][1]["x-dlq-error-type"] == "ValueError"
        assert probe.dead[0][1]["x-dlq-attempts"] == str(probe.settings.handler_max_attempts)

    async def test_a_transient_failure_is_waited_out_and_never_dead_lettered(self, probe: Probe) -> None:
        probe.transient_left = 7  # more than handler_max_attempts: outages are not the event's fault
        async with self.running(probe):
            await probe.publish(submitted("flaky"))
            await eventually(lambda: _ready(probe.handled == ["flaky"]), 60, "the retried event")
        assert probe.calls["flaky"] == 8 + probe.batched_with_others("flaky")
        assert probe.dead == []


    async def test_a_failing_dead_letter_publish_is_retried_not_skipped(
        self, probe: Probe, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        publish, outage = probe.broker.publish, [3]

        async def dead_letter_topic_down(*args: Any, **kwargs: Any) -> Any:
            if str(kwargs.get("topic", "")).endswith(".dlq") and outage[0]:
                outage[0] -= 1
                raise KafkaConnectionError("the broker went away")
            return await publish(*args, **kwargs)

        monkeypatch.setattr(probe.broker, "publish", dead_letter_topic_down)
        async with self.running(probe):
            await probe.publish(b"not json")
            await probe.publish(submitted("next"))
            await eventually(lambda: _ready(probe.handled == ["next"] and probe.dead), 60,
                             "the dead letter despite the outage, then the next event")
        assert outage == [0]
        assert [body for body, _ in probe.dead] == [b"not json"]


@asynccontextmanager
async def started(probe: Probe) -> AsyncIterator[None]:
    await probe.broker.start()
    try:
        yield
    finally:
        await probe.broker.stop()


async def _ready(condition: object) -> bool:
    return bool(condition)


class TestInMemory(DeadLetterContract):
    @pytest.fixture
    def settings(self) -> CommonSettings:
        return CommonSettings(topic_prefix="mem.", retry_initial_backoff_s=0.001, retry_max_backoff_s=0.01)

    @asynccontextmanager
    async def running(self, probe: Probe) -> AsyncIterator[None]:
        async with TestKafkaBroker(probe.broker):
            yield


class TestRealKafka(DeadLetterContract):
    @pytest.fixture
    async def settings(self, infrastructure: Infrastructure) -> CommonSettings:
        settings = isolated_settings(infrastructure, retry_initial_backoff_s=0.01, retry_max_backoff_s=0.05)
        await ensure_topics(settings.bootstrap_servers, settings.topic_prefix)
        return settings

    def running(self, probe: Probe) -> Any:
        return started(probe)


class TestRealKafkaBatches:
    """What only a real broker shows: records published before the consumer starts arrive as one batch."""

    async def test_a_handler_bug_inside_a_batch_dead_letters_that_event_alone(
        self, infrastructure: Infrastructure
    ) -> None:
        probe = await self.probe(infrastructure, [submitted("first"), submitted("cursed"), submitted("last")])
        probe.behaviour["cursed"] = ValueError("bug triggered by this one event")
        async with self.running(probe):
            await eventually(lambda: _ready(sorted(set(probe.handled)) == ["first", "last"] and probe.dead),
                             60, "the good events handled and the bad one dead-lettered")
        assert probe.batches[0] == ["first", "cursed", "last"]
        assert [body for body, _ in probe.dead] == [submitted("cursed")]
        assert probe.dead[0][1]["x-dlq-attempts"] == str(probe.settings.handler_max_attempts)
        assert probe.calls["cursed"] == probe.settings.handler_max_attempts + 1

    async def test_an_unreadable_record_inside_a_batch_is_dead_lettered_alone(
        self, infrastructure: Infrastructure, caplog: pytest.LogCaptureFixture
    ) -> None:
        probe = await self.probe(infrastructure, [submitted("first"), b"\x00 not json", submitted("last")])
        async with self.running(probe):
            await eventually(lambda: _ready(sorted(set(probe.handled)) == ["first", "last"] and probe.dead),
                             60, "the good events handled and the unreadable one dead-lettered")
        assert [body for body, _ in probe.dead] == [b"\x00 not json"]
        assert probe.dead[0][1]["x-dlq-error-type"] == "UnreadableEvent"
        # The three came as one batch, which the unreadable one failed before the handler ran.
        assert "a batch of 3 events" in caplog.text

    async def probe(self, infrastructure: Infrastructure, values: list[bytes]) -> Probe:
        settings = isolated_settings(infrastructure, retry_initial_backoff_s=0.01, retry_max_backoff_s=0.05)
        await ensure_topics(settings.bootstrap_servers, settings.topic_prefix)
        probe = Probe(settings, batch=True)
        producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers)
        await producer.start()
        try:
            for value in values:
                await producer.send_and_wait(probe.topic, value, key=b"same-partition")
        finally:
            await producer.stop()
        return probe

    def running(self, probe: Probe) -> Any:
        return started(probe)
