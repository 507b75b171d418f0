"""``EventBus.publish_each`` on the real broker: thousands of events at once are all acknowledged and
arrive, each key's in the order given, read back by a plain aiokafka consumer as another system would."""

from aiokafka import AIOKafkaConsumer

from infra.topics import ensure_topics
from shared import topics
from shared.events.nomination import NominationSubmittedEvent
from shared.kafka import EventBus, make_broker
from tests.conftest import isolated_settings
from tests.infrastructure import Infrastructure
from tests.unit.shared.test_kafka import submitted

KEYS, PER_KEY = 12, 250


async def test_thousands_published_at_once_all_arrive_in_order_per_key(infrastructure: Infrastructure) -> None:
    settings = isolated_settings(infrastructure)
    await ensure_topics(settings.bootstrap_servers, settings.topic_prefix)
    broker = make_broker(settings, "bus-probe")
    bus = EventBus(broker, settings, produces=(topics.NOMINATIONS_SUBMITTED,))
    keyed = [(submitted(f"k{k}-{i}"), f"k{k}") for i in range(PER_KEY) for k in range(KEYS)]
    await broker.connect()
    try:
        outcomes = await bus.publish_each(topics.NOMINATIONS_SUBMITTED, keyed)
    finally:
        await broker.stop()
    assert outcomes == [None] * len(keyed)

    consumer = AIOKafkaConsumer(settings.topic(topics.NOMINATIONS_SUBMITTED.name),
                                bootstrap_servers=settings.bootstrap_servers, auto_offset_reset="earliest",
                                enable_auto_commit=False, group_id=None)
    await consumer.start()
    arrived: dict[str, list[int]] = {}
    try:
        while sum(map(len, arrived.values())) < len(keyed):
            batches = await consumer.getmany(timeout_ms=10_000)
            assert batches, f"only {sum(map(len, arrived.values()))} of {len(keyed)} arrived"
            for records in batches.values():
                for record in records:
                    reference = NominationSubmittedEvent.model_validate_json(record.value).data.reference
                    arrived.setdefault(record.key.decode(), []).append(int(reference.rsplit("-", 1)[1]))
    finally:
        await consumer.stop()
    assert arrived == {f"k{k}": list(range(PER_KEY)) for k in range(KEYS)}

