"""The nomination service against real Kafka and FerretDB: every rule's code, the hamza-variant
duplicate, re-publication, and the HTTP intake."""

import json
import uuid
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from tests.e2e.conftest import INTAKE_KEY, OPEN_EDITION, Pipeline
from tests.e2e.events import publish, read_all, submitted
from tests.waiting import eventually

ENTITY = {"kind": "entity", "name_ar": "هيئة تنظيم الاتصالات", "organisation_type": "authority"}
ACCOUNT = [{"platform": "x", "url": "https://x.com/trc_jo"}]
BREAKING_ONE_RULE: dict[str, dict[str, Any]] = {
    "EDITION_UNKNOWN": {"edition_id": "2031-ninth"},
    "INTAKE_CLOSED": {"time": "2024-06-01T09:00:00Z"},
    "COUNTRY_NOT_PARTICIPATING": {"country": "LY"},
    "CATEGORY_UNKNOWN": {"category": "sports"},
    "NOMINEE_KIND_MISMATCH": {"nominee": {"kind": "person", "name_ar": "سمير", "government_post": "وزير"}},
    "NOMINEE_NOT_GOVERNMENTAL": {"nominee": {**ENTITY, "organisation_type": "private-company"}},
    "NO_OFFICIAL_ACCOUNT": {"accounts": [{"platform": "x", "url": "https://x.com.example/trc"}]},
    "METRICS_OUT_OF_RANGE": {"metrics": {"followers": 10, "posts": 5, "engagement_rate": 4.5,
                                         "reply_rate": 0.5, "median_reply_minutes": 30,
                                         "follower_growth": 0.1}},
}


def registry(pipeline: Pipeline, client: AsyncMongoClient) -> Any:
    return client[pipeline.settings.database_name("nomination")]["nominations"]


async def screened(pipeline: Pipeline, client: AsyncMongoClient, reference: str) -> dict[str, Any]:
    async def stored() -> dict[str, Any] | None:
        return await registry(pipeline, client).find_one({"submission.reference": reference})
    return await eventually(stored, what=f"the screening of {reference}")


async def test_each_rule_rejects_with_its_own_code(pipeline: Pipeline, mongo_client: AsyncMongoClient) -> None:
    run = uuid.uuid4().hex[:6]
    messages = []
    for code, change in BREAKING_ONE_RULE.items():
        time = change.pop("time", "2023-11-15T10:00:00Z")
        data = {"country": "JO", "nominee": {**ENTITY, "name_ar": f"هيئة {code} {run}"},
                "accounts": ACCOUNT, **change}
        messages.append((code.encode(), submitted(f"{code}-{run}", time=time, **data)))
    await publish(pipeline.settings.kafka_bootstrap_servers, pipeline.settings.topic("nominations.submitted"),
                  messages)
    for code in BREAKING_ONE_RULE:
        doc = await screened(pipeline, mongo_client, f"{code}-{run}")
        assert doc["status"] == "rejected"
        assert [r["code"] for r in doc["reasons"]] == [code]


async def test_a_duplicate_spelled_with_other_hamza_forms_is_caught_and_counted(
    pipeline: Pipeline, mongo_client: AsyncMongoClient
) -> None:
    run = uuid.uuid4().hex[:6]
    first_name, variant = f"هيئة أبوظبي للإعلام {run}", f"هيئه ابوظبي للاعلام {run}"
    topic = pipeline.settings.topic("nominations.submitted")
    await publish(pipeline.settings.kafka_bootstrap_servers, topic, [(b"a", submitted(
        f"ADMA-{run}", source="urn:ae:portal", country="AE",
        nominee={**ENTITY, "name_ar": first_name}, accounts=[{"platform": "x", "url": f"https://x.com/a{run}"}]))])
    first = await screened(pipeline, mongo_client, f"ADMA-{run}")
    await publish(pipeline.settings.kafka_bootstrap_servers, topic, [(b"b", submitted(
        f"CITIZENS-{run}", source="urn:ae:citizens", country="AE",
        nominee={**ENTITY, "name_ar": variant}, accounts=[{"platform": "x", "url": f"https://x.com/b{run}"}]))])
    second = await screened(pipeline, mongo_client, f"CITIZENS-{run}")
    assert first["status"] == "accepted"
    assert [r["code"] for r in second["reasons"]] == ["DUPLICATE_NOMINEE"]
    assert second["duplicate_of"] == first["_id"]

    async with httpx.AsyncClient(base_url=pipeline.services["nomination"].url) as http:
        async def counted() -> dict[str, Any] | None:
            status = (await http.get(f"/nominations/{first['_id']}")).json()
            return status if status["nominators"] == 2 else None
        await eventually(counted, what="the accepted nomination to count both nominators")


async def test_the_same_event_published_five_times_has_one_outcome(
    pipeline: Pipeline, mongo_client: AsyncMongoClient
) -> None:
    reference = f"REPEAT-{uuid.uuid4().hex[:6]}"
    event = submitted(reference, country="TN", nominee={**ENTITY, "name_ar": f"بلدية تونس {reference}"},
                      accounts=[{"platform": "facebook", "url": f"https://facebook.com/{reference}"}])
    await publish(pipeline.settings.kafka_bootstrap_servers, pipeline.settings.topic("nominations.submitted"),
                  [(reference.encode(), event)] * 5)
    doc = await screened(pipeline, mongo_client, reference)

    async def all_five_answered() -> list[Any] | None:
        records = await read_all(pipeline.settings.kafka_bootstrap_servers,
                                 pipeline.settings.topic("nominations.screened"))
        mine = [r for r in records if r.key == doc["_id"].encode()]
        return mine if len(mine) >= 5 else None

    outcomes = await eventually(all_five_answered, what="an answer to each of the five deliveries")
    assert {json.loads(r.value)["id"] for r in outcomes} == {json.loads(outcomes[0].value)["id"]}
    assert {r.value for r in outcomes} == {outcomes[0].value}
    assert await registry(pipeline, mongo_client).count_documents({"submission.reference": reference}) == 1


async def test_the_http_intake_answers_202_only_for_what_kafka_holds(
    pipeline: Pipeline, mongo_client: AsyncMongoClient
) -> None:
    reference = f"HTTP-{uuid.uuid4().hex[:6]}"
    name = "المركز الوطني للأمن السيبراني ـ الإمارات"
    body = {"reference": reference, "edition_id": OPEN_EDITION, "category": "digital-content",
            "country": "AE", "nominee": {"kind": "entity", "name_ar": name, "organisation_type": "agency"},
            "accounts": [{"platform": "linkedin", "url": f"https://www.linkedin.com/company/{reference}"}]}
    async with httpx.AsyncClient(base_url=pipeline.services["nomination"].url) as http:
        assert (await http.post("/nominations", json=body)).status_code == 401
        response = await http.post("/nominations", json=body, headers={"X-API-Key": INTAKE_KEY})
        assert response.status_code == 202
        nomination_id = response.json()["nomination_id"]

        records = await read_all(pipeline.settings.kafka_bootstrap_servers,
                                 pipeline.settings.topic("nominations.submitted"))
        assert any(r.key == reference.encode() for r in records), "202 means Kafka holds the event"

        async def accepted() -> dict[str, Any] | None:
            status = await http.get(f"/nominations/{nomination_id}")
            return status.json() if status.status_code == 200 else None
        status = await eventually(accepted, what="the screening of the HTTP submission")
    assert status["status"] == "accepted", status
    assert status["nominee"]["name_ar"] == name
    assert status["submitted_by"] == "urn:socialgov:awards:intake:e2e-portal"


@pytest.mark.parametrize("payload", [b"{", json.dumps({"reference": "only"}).encode()])
async def test_the_intake_refuses_malformed_bodies_with_field_level_detail(
    pipeline: Pipeline, payload: bytes
) -> None:
    async with httpx.AsyncClient(base_url=pipeline.services["nomination"].url) as http:
        response = await http.post("/nominations", content=payload, headers={
            "X-API-Key": INTAKE_KEY, "content-type": "application/json"})
    assert response.status_code == 422
    assert all("loc" in error for error in response.json()["detail"])
