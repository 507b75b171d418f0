"""A nomination travels end to end through the real services, real Kafka and a real MongoDB-protocol
server. Events are published with plain aiokafka and literal JSON, as another system would."""

import uuid
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from tests.e2e.conftest import Pipeline
from tests.e2e.events import publish as publish_to
from tests.e2e.events import read_all, submitted
from tests.waiting import eventually


async def publish(pipeline: Pipeline, *messages: tuple[bytes, bytes]) -> None:
    await publish_to(pipeline.settings.kafka_bootstrap_servers,
                     pipeline.settings.topic("nominations.submitted"), messages)


def view(pipeline: Pipeline, client: AsyncMongoClient) -> Any:
    return client[pipeline.settings.database_name("results")]["nominations_view"]


async def test_an_accepted_nomination_reaches_the_results_and_the_awards_office(
    pipeline: Pipeline, mongo_client: AsyncMongoClient
) -> None:
    reference = f"MOHP-{uuid.uuid4().hex[:6]}"
    await publish(pipeline, (reference.encode(), submitted(reference)))

    async def materialised() -> dict[str, Any] | None:
        return await view(pipeline, mongo_client).find_one(
            {"reference": reference, "standing_version": {"$exists": True}})

    doc = await eventually(materialised, what="the nomination in the results read model")
    assert doc["status"] == "accepted"
    assert doc["reasons"] == []
    assert doc["nominee"]["name_ar"] == "وزارة الصحة والسكان"
    assert doc["standing"] == 0.0

    async with httpx.AsyncClient(base_url=pipeline.services["results"].url) as http:
        response = await http.get(f"/nominations/{doc['_id']}")
        # found by a spelling with other hamza/ta-marbuta forms and diacritics, and by English in any case
        found_ar = (await http.get("/nominations", params={"q": "وِزَارَه الصحه", "limit": 200})).json()
        found_en = (await http.get("/nominations", params={"q": "MINISTRY of health", "limit": 200})).json()
        assert (await http.get("/nominations", params={"limit": 0})).status_code == 422
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert doc["_id"] in {n["nomination_id"] for n in found_ar} & {n["nomination_id"] for n in found_en}

    link = f"/nominations/{doc['_id']}"

    async def email() -> Any:
        return next((m for m in pipeline.mail.messages
                     if (plain := m.get_body(preferencelist=("plain",))) and link in plain.get_content()), None)

    message = await eventually(email, what="the staff email")
    assert message["To"] == "office@awards.test"
    assert str(message["Subject"]) == "قُبل ترشيح وزارة الصحة والسكان"  # the office reads Arabic
    html = message.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="ar" dir="rtl">' in html


async def test_a_rejected_nomination_carries_every_reason(
    pipeline: Pipeline, mongo_client: AsyncMongoClient
) -> None:
    reference = f"LY-{uuid.uuid4().hex[:6]}"
    await publish(pipeline, (reference.encode(), submitted(
        reference, country="LY", accounts=[{"platform": "facebook", "url": "http://facebook.com/x"}],
        nominee={"kind": "entity", "name_ar": "وزارة الصحة الليبية", "organisation_type": "ministry"})))

    async def materialised() -> dict[str, Any] | None:
        return await view(pipeline, mongo_client).find_one({"reference": reference})

    doc = await eventually(materialised, what="the rejection in the results read model")
    assert doc["status"] == "rejected"
    assert {r["code"] for r in doc["reasons"]} == {"COUNTRY_NOT_PARTICIPATING", "NO_OFFICIAL_ACCOUNT"}
    assert all(r["ar"] and r["en"] for r in doc["reasons"])


async def test_malformed_bytes_are_dead_lettered_byte_for_byte_and_the_partition_flows_on(
    pipeline: Pipeline, mongo_client: AsyncMongoClient
) -> None:
    poison = b'{"specversion": "1.0", "id": \xff\xfe not json'
    reference = f"AFTER-POISON-{uuid.uuid4().hex[:6]}"
    key = b"same-key-same-partition"
    await publish(pipeline, (key, poison), (key, submitted(reference)))

    async def processed() -> dict[str, Any] | None:
        return await view(pipeline, mongo_client).find_one({"reference": reference})

    assert (await eventually(processed, what="the good message after the poison one"))["status"]

    dead = await read_all(pipeline.settings.kafka_bootstrap_servers,
                          pipeline.settings.topic("nominations.submitted.dlq"))
    records = [r for r in dead if r.value == poison]
    assert len(records) == 1
    headers = {k: v.decode() for k, v in records[0].headers}
    assert records[0].key == key
    assert headers["x-dlq-service"] == "nomination"
    assert headers["x-dlq-source-topic"] == pipeline.settings.topic("nominations.submitted")
    assert headers["x-dlq-attempts"] == "1"
    assert headers["x-dlq-error"]
