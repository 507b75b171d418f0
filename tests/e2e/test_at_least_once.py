"""At-least-once, proven with a crash: the results service is killed (SIGKILL) while its database
write hangs mid-handler. Because offsets are committed only after the write, the next instance of the
service receives the same event again and stores its effect.

With FastStream's default ack policy (commit on receipt) this test fails: the event is lost."""

import asyncio
import json
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from pymongo import AsyncMongoClient

from infra.topics import ensure_topics
from shared.settings import CommonSettings
from tests.conftest import isolated_settings
from tests.e2e.processes import ServiceProcess
from tests.infrastructure import Infrastructure
from tests.tcp_proxy import FaultyLink
from tests.waiting import eventually

AUTO_COMMIT_INTERVAL_S = 5


def accepted(nomination_id: str) -> bytes:
    return json.dumps({
        "specversion": "1.0", "id": str(uuid.uuid4()), "source": "urn:socialgov:awards:nomination",
        "type": "org.socialgov.awards.nomination.accepted.v1", "time": "2023-11-20T08:30:00Z",
        "subject": nomination_id,
        "data": {
            "nomination_id": nomination_id, "reference": "JO-MODEE-1", "submitted_by": "urn:jo:portal",
            "edition_id": "2024-first", "category": "platforms-apps", "country": "JO",
            "sector": "telecom-it",
            "nominee": {"kind": "account", "name_ar": "تطبيق سند", "name_en": "Sanad app",
                        "organisation_type": "ministry"},
            "accounts": [{"platform": "app-store", "url": "https://apps.apple.com/jo/app/sanad"}],
        },
    }, ensure_ascii=False).encode()


async def test_a_consumer_killed_mid_handler_gets_the_event_again(
    infrastructure: Infrastructure, mongo_client: AsyncMongoClient, tmp_path: Path
) -> None:
    settings = isolated_settings(infrastructure)
    await ensure_topics(settings.bootstrap_servers, settings.topic_prefix)
    mongo = urlsplit(infrastructure.mongodb_uri)
    link = FaultyLink(mongo.hostname or "127.0.0.1", mongo.port or 27017)
    link_port = await link.start()
    behind_link = settings.model_copy(update={"mongodb_uri": f"mongodb://127.0.0.1:{link_port}"})
    first = ServiceProcess("results", behind_link, tmp_path).start()
    second = ServiceProcess("results", settings, tmp_path)
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers, acks="all")
    await producer.start()
    view = mongo_client[settings.database_name("results")]["nominations_view"]
    try:
        await asyncio.to_thread(first.wait_ready)
        nomination_id = str(uuid.uuid4())
        link.hold()
        await producer.send_and_wait(settings.topic("nominations.screened"), accepted(nomination_id),
                                     key=nomination_id.encode())

        async def write_in_flight() -> bool:
            return nomination_id.encode() in link.held

        await eventually(write_in_flight, what="the handler's database write to hang")
        # Outlast aiokafka's 5 s auto-commit interval: a consumer that commits on receipt would have
        # committed the event by now, and this test would then fail.
        await asyncio.sleep(AUTO_COMMIT_INTERVAL_S + 2)
        first.kill()
        link.cut()
        assert await view.count_documents({"_id": nomination_id}) == 0, "the write must not have landed"

        second.start()
        await asyncio.to_thread(second.wait_ready)

        async def stored() -> dict | None:
            return await view.find_one({"_id": nomination_id})

        doc = await eventually(stored, timeout_s=90, what="the redelivered event's effect")
        assert doc["status"] == "accepted"
        assert doc["nominee"]["name_ar"] == "تطبيق سند"
        await eventually(lambda: _committed_up_to(settings, 1), timeout_s=30,
                         what="the consumer group to commit the event")
    finally:
        await producer.stop()
        await asyncio.to_thread(first.terminate)
        await asyncio.to_thread(second.terminate)
        await link.stop()


async def _committed_up_to(settings: CommonSettings, offset: int) -> bool:
    topic = settings.topic("nominations.screened")
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(settings.consumer_group("results"))
    finally:
        await admin.close()
    committed = sum(meta.offset for tp, meta in offsets.items() if tp.topic == topic)
    return committed == offset
