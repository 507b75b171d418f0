"""The HTTP intake's answers (entrypoints/intake.py) and what it decides (service_layer/intake.py), with
the event bus replaced by a recorder. That Kafka really holds an accepted submission is proven end to
end in tests/e2e/test_nomination_service.py."""

import asyncio
from typing import Any

import httpx
import pytest
from aiokafka.errors import KafkaConnectionError
from fastapi import FastAPI
from pydantic import SecretStr

from services.nomination.domain.model import nomination_id
from services.nomination.entrypoints.intake import intake_router
from services.nomination.service_layer import intake
from services.nomination.service_layer.intake import INTAKE_SOURCE
from services.nomination.service_layer.screening import screen_submissions
from shared.body_limit import BodyLimit
from shared.events.nomination import NominationSubmitted
from tests.unit.fakes.nomination import FakeNominationRegistry, FakeNomineeIndex

BODY = {"reference": "EG-HEALTH-1", "edition_id": "2024-first", "category": "digital-content",
        "country": "EG", "nominee": {"kind": "entity", "name_ar": "وزارة الصحة والسكان ـ مصر",
                                     "organisation_type": "ministry"},
        "accounts": [{"platform": "facebook", "url": "https://facebook.com/mohp"}]}


class RecordingBus:
    def __init__(self, failure: BaseException | None = None, delay_s: float = 0) -> None:
        self.published: list[tuple[Any, Any, str]] = []
        self.failure, self.delay_s = failure, delay_s

    async def publish(self, topic: Any, event: Any, key: str) -> None:
        await asyncio.sleep(self.delay_s)
        if self.failure:
            raise self.failure
        self.published.append((topic, event, key))


def client(bus: RecordingBus) -> httpx.AsyncClient:
    app = FastAPI()
    app.include_router(intake_router(bus, FakeNominationRegistry(),  # type: ignore[arg-type]  # a recorder stands in for the EventBus
                                     {"mohp-portal": SecretStr("k-123")}, publish_timeout_s=0.2))
    app.add_middleware(BodyLimit, max_bytes=65_536)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://intake")


async def test_an_accepted_submission_answers_202_with_the_derived_id_once_published() -> None:
    bus = RecordingBus()
    async with client(bus) as http:
        response = await http.post("/nominations", json=BODY, headers={"X-API-Key": "k-123"})
    assert response.status_code == 202
    expected = nomination_id(INTAKE_SOURCE + "mohp-portal", "EG-HEALTH-1")
    assert response.json()["nomination_id"] == expected
    assert response.headers["location"] == f"/nominations/{expected}"
    (_, event, key), = bus.published
    assert key == "EG-HEALTH-1"
    assert event.data.nominee.name_ar == "وزارة الصحة والسكان ـ مصر"  # byte-exact, tatweel and all


@pytest.mark.parametrize(("headers", "status"), [({}, 401), ({"X-API-Key": "guess"}, 403)])
async def test_without_a_valid_key_nothing_is_published(headers: dict, status: int) -> None:
    bus = RecordingBus()
    async with client(bus) as http:
        response = await http.post("/nominations", json=BODY, headers=headers)
    assert response.status_code == status and bus.published == []


async def test_schema_errors_answer_422_with_field_paths() -> None:
    async with client(RecordingBus()) as http:
        response = await http.post("/nominations", headers={"X-API-Key": "k-123"},
                                   json={**BODY, "country": "egypt", "nominee": {"kind": "robot"}})
    assert response.status_code == 422
    paths = {tuple(error["loc"]) for error in response.json()["detail"]}
    assert ("body", "country") in paths and ("body", "nominee", "kind") in paths


async def test_a_body_over_the_limit_answers_413() -> None:
    async with client(RecordingBus()) as http:
        response = await http.post("/nominations", headers={"X-API-Key": "k-123"},
                                   json={**BODY, "reference": "x" * 70_000})
    assert response.status_code == 413


@pytest.mark.parametrize("bus", [RecordingBus(failure=KafkaConnectionError("down")),
                                 RecordingBus(delay_s=5)])
async def test_when_kafka_does_not_acknowledge_the_answer_is_503_with_retry_after(bus: RecordingBus) -> None:
    async with client(bus) as http:
        response = await http.post("/nominations", json=BODY, headers={"X-API-Key": "k-123"})
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert bus.published == []


async def test_a_retried_submission_is_the_same_event_and_the_status_follows_the_screening() -> None:
    nomination = NominationSubmitted.model_validate(BODY)
    first, again = intake.submission("mohp-portal", nomination), intake.submission("mohp-portal", nomination)
    assert (first.event.id, first.nomination_id) == (again.event.id, again.nomination_id)
    assert intake.submission("other-portal", nomination).nomination_id != first.nomination_id
    registry = FakeNominationRegistry()
    assert await intake.screening_status(registry, first.nomination_id) is None
    [outcome] = await screen_submissions([first.event], lambda _: None, registry, FakeNomineeIndex())
    status = await intake.screening_status(registry, first.nomination_id)
    assert status is not None and status["status"] == "rejected" and status["nominators"] == 0
    assert status["nomination_id"] == outcome.data.nomination_id == first.nomination_id
