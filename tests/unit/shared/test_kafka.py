"""``shared.kafka``'s ``EventBus``: ``publish_each`` hands events over one after the other, each event
gets its own outcome, and no more are handed over once the producer refuses one (each would wait the
producer's timeout in turn). What it puts in a record is CloudEvents structured mode, whole: the official
SDK's auto-detecting Kafka reader (``from_kafka_event``, binary mode as soon as any ``ce_`` header is
present) reads it back as the same event."""

import asyncio
import json
from typing import Any

from cloudevents.core.bindings.kafka import KafkaMessage as CloudEventsRecord
from cloudevents.core.bindings.kafka import from_kafka_event
from faststream.kafka import KafkaBroker, KafkaMessage, TestKafkaBroker

from shared import topics
from shared.events.nomination import NominationSubmittedEvent
from shared.kafka import EVENT_ID_HEADER, EVENT_TYPE_HEADER, EventBus
from shared.settings import CommonSettings


def submitted(reference: str) -> NominationSubmittedEvent:
    return NominationSubmittedEvent.model_validate_json(json.dumps({
        "specversion": "1.0", "id": f"id-{reference}", "source": "urn:test", "time": "2023-11-01T00:00:00Z",
        "type": NominationSubmittedEvent.event_type,
        "data": {"reference": reference, "edition_id": "2024-first", "category": "digital-content",
                 "country": "MA", "nominee": {"kind": "entity", "name_ar": "وزارة"}, "accounts": []}}))


class Producer:
    """Stands in for a topic's publisher: hands back an acknowledgement future per event, refuses the
    hand-over of the events in ``refuse`` and fails the acknowledgement of those in ``lose``."""

    def __init__(self, refuse: frozenset[str] = frozenset(), lose: frozenset[str] = frozenset()) -> None:
        self.refuse, self.lose = refuse, lose
        self.handed: list[str] = []
        self.most_at_once, self._now = 0, 0

    async def publish(self, body: bytes, *, key: bytes, headers: dict[str, str], no_confirm: bool) -> Any:
        assert no_confirm
        reference = key.decode()
        if reference in self.refuse:
            raise TimeoutError("the producer's queue stayed full")
        self._now += 1
        self.most_at_once = max(self.most_at_once, self._now)
        await asyncio.sleep(0)
        self._now -= 1
        self.handed.append(reference)
        acknowledged: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if reference in self.lose:
            acknowledged.set_exception(ConnectionError("broker went away"))
        else:
            acknowledged.set_result(None)
        return acknowledged


def bus_with(producer: Producer) -> EventBus:
    bus = EventBus(KafkaBroker(), CommonSettings(), produces=(topics.NOMINATIONS_SUBMITTED,))
    bus.publishers[topics.NOMINATIONS_SUBMITTED] = producer  # type: ignore[assignment]  # a producer that records what it is given
    return bus


async def test_every_event_is_handed_over_in_order_one_at_a_time_and_each_outcome_is_its_own() -> None:
    producer = Producer(lose=frozenset({"n3"}))
    names = [f"n{i}" for i in range(6)]
    outcomes = await bus_with(producer).publish_each(topics.NOMINATIONS_SUBMITTED, [(submitted(n), n) for n in names])
    assert producer.handed == names and producer.most_at_once == 1
    assert [type(outcome).__name__ for outcome in outcomes] == ["NoneType"] * 3 + ["ConnectionError"] + ["NoneType"] * 2


async def test_after_a_refused_hand_over_the_rest_are_not_tried_and_carry_its_error() -> None:
    producer = Producer(refuse=frozenset({"n2"}))
    names = [f"n{i}" for i in range(5)]
    outcomes = await bus_with(producer).publish_each(topics.NOMINATIONS_SUBMITTED, [(submitted(n), n) for n in names])
    assert producer.handed == ["n0", "n1"]
    assert outcomes[:2] == [None, None] and all(isinstance(outcome, TimeoutError) for outcome in outcomes[2:])


async def test_publish_all_raises_when_any_is_not_acknowledged() -> None:
    bus = bus_with(Producer(lose=frozenset({"n1"})))
    try:
        await bus.publish_all(topics.NOMINATIONS_SUBMITTED, [(submitted(n), n) for n in ("n0", "n1", "n2")])
    except ConnectionError:
        return
    raise AssertionError("publish_all returned although one event was not acknowledged")


async def test_a_published_record_is_structured_mode_and_the_sdk_reads_it_back() -> None:
    # Through FastStream's in-memory broker: the headers are the ones FastStream hands to the producer.
    settings = CommonSettings()
    broker = KafkaBroker()
    bus = EventBus(broker, settings, produces=(topics.NOMINATIONS_SUBMITTED,))
    records: list[Any] = []

    @broker.subscriber(settings.topic(topics.NOMINATIONS_SUBMITTED.name))
    async def keep(body: bytes, message: KafkaMessage) -> None:
        records.append(message.raw_message)

    event = submitted("structured-1")
    async with TestKafkaBroker(broker):
        await bus.publish(topics.NOMINATIONS_SUBMITTED, event, key="structured-1")

    (record,) = records
    headers = dict(record.headers)
    assert not [name for name in headers if name.lower().startswith("ce_")]
    assert headers["content-type"] == b"application/cloudevents+json"
    assert headers[EVENT_TYPE_HEADER] == event.type.encode() and headers[EVENT_ID_HEADER] == event.id.encode()

    read = from_kafka_event(CloudEventsRecord(headers=headers, key=record.key, value=record.value))
    assert (read.get_type(), read.get_id(), read.get_source()) == (event.type, event.id, event.source)
    assert read.get_data() == event.data.model_dump(mode="json", exclude_none=True)
    assert read.get_extension("partitionkey") == "structured-1"
