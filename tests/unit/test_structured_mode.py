"""What ``EventBus`` puts in a record is CloudEvents structured mode, whole: the official SDK's
auto-detecting Kafka reader (``from_kafka_event``, binary mode as soon as any ``ce_`` header is present)
reads it back as the same event. Published through FastStream's in-memory broker, so the headers are
the ones FastStream hands to the producer."""

from typing import Any

from cloudevents.core.bindings.kafka import KafkaMessage as CloudEventsRecord
from cloudevents.core.bindings.kafka import from_kafka_event
from faststream.kafka import KafkaBroker, KafkaMessage, TestKafkaBroker

from shared import topics
from shared.kafka import EVENT_ID_HEADER, EVENT_TYPE_HEADER, EventBus
from shared.settings import Settings
from tests.unit.test_event_bus import submitted


async def test_a_published_record_is_structured_mode_and_the_sdk_reads_it_back() -> None:
    settings = Settings()
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
    headers = {name: value for name, value in record.headers}
    assert not [name for name in headers if name.lower().startswith("ce_")]
    assert headers["content-type"] == b"application/cloudevents+json"
    assert headers[EVENT_TYPE_HEADER] == event.type.encode() and headers[EVENT_ID_HEADER] == event.id.encode()

    read = from_kafka_event(CloudEventsRecord(headers=headers, key=record.key, value=record.value))
    assert (read.get_type(), read.get_id(), read.get_source()) == (event.type, event.id, event.source)
    assert read.get_data() == event.data.model_dump(mode="json", exclude_none=True)
    assert read.get_extension("partitionkey") == "structured-1"
