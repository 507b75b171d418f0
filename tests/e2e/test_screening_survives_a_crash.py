"""Killing the nomination service between its database write and its offset commit, then restarting
it, yields exactly one screening outcome.

The outcome topic is missing while the first instance runs, so its handler stops right after writing
the registry (the publish waits for the topic) and before the offset is committed: that is where it is
killed with SIGKILL."""

import asyncio
import json
import uuid
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient
from pymongo import AsyncMongoClient

from infra.edition import publish as publish_edition
from infra.topics import ensure_topics
from shared.edition import load_edition
from tests.conftest import isolated_settings
from tests.e2e.conftest import FIRST_EDITION
from tests.e2e.events import publish, read_all, submitted
from tests.e2e.processes import ServiceProcess
from tests.infrastructure import Infrastructure
from tests.waiting import eventually

AUTO_COMMIT_INTERVAL_S = 5


async def test_a_crash_between_write_and_commit_yields_one_outcome(
    infrastructure: Infrastructure, mongo_client: AsyncMongoClient, tmp_path: Path
) -> None:
    settings = isolated_settings(infrastructure)
    outcomes_topic = settings.topic("nominations.screened")
    await ensure_topics(settings.bootstrap_servers, settings.topic_prefix)
    await publish_edition(load_edition(FIRST_EDITION), settings)
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    await admin.delete_topics([outcomes_topic])

    registry = mongo_client[settings.database_name("nomination")]["nominations"]
    reference = f"CRASH-{uuid.uuid4().hex[:6]}"
    first = ServiceProcess("nomination", settings, tmp_path).start()
    second = ServiceProcess("nomination", settings, tmp_path)
    try:
        await asyncio.to_thread(first.wait_ready)
        await publish(settings.kafka_bootstrap_servers, settings.topic("nominations.submitted"),
                      [(reference.encode(), submitted(reference, country="IQ"))])

        async def written() -> dict | None:
            return await registry.find_one({"submission.reference": reference})

        doc = await eventually(written, what="the registry write")
        # Longer than aiokafka's auto-commit interval: a consumer committing on receipt would have
        # committed by now, lost the event at the kill, and this test would fail.
        await asyncio.sleep(AUTO_COMMIT_INTERVAL_S + 2)
        first.kill()

        await ensure_topics(settings.bootstrap_servers, settings.topic_prefix)
        second.start()
        await asyncio.to_thread(second.wait_ready)

        async def answered() -> list | None:
            records = await read_all(settings.kafka_bootstrap_servers, outcomes_topic)
            return [r for r in records if r.key == doc["_id"].encode()] or None

        outcomes = await eventually(answered, timeout_s=90, what="the outcome after the restart")
        assert len({json.loads(r.value)["id"] for r in outcomes}) == 1
        assert json.loads(outcomes[0].value)["type"].endswith("nomination.accepted.v1")
        assert await registry.count_documents({"submission.reference": reference}) == 1
    finally:
        await admin.close()
        await asyncio.to_thread(first.terminate)
        await asyncio.to_thread(second.terminate)
