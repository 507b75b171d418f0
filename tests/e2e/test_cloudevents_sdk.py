"""Other systems read our topics with the official CloudEvents SDK: the pipeline runs (a nomination from
the HTTP intake, jury scores that disagree, one refused, a vote, a judge registered, a forced
finalisation), then every record of every topic is read back with the SDK's auto-detecting Kafka reader
(``from_kafka_event``: binary mode as soon as one ``ce_`` header is present, structured otherwise), and
each must come out as the very event its value holds."""

import json
import uuid
from typing import Any

import httpx
from cloudevents.core.bindings.kafka import KafkaMessage, from_kafka_event

from shared import topics
from shared.kafka import EVENT_ID_HEADER, EVENT_TYPE_HEADER
from tests.e2e.conftest import INTAKE_KEY, OPEN_EDITION, OPERATOR_KEY, Pipeline
from tests.e2e.events import read_all
from tests.waiting import eventually

CRITERIA = ["interaction", "participation", "transparency", "content-quality"]
# Every topic a service publishes on, with the event type (suffix) a service publishes there here.
PUBLISHED_BY_SERVICES = {
    topics.NOMINATIONS_SUBMITTED: "nomination.submitted.v1",
    topics.NOMINATIONS_SCREENED: "nomination.accepted.v1",
    topics.JUDGING_SCORES: "judging.score.submitted.v1",
    topics.JUDGING_REJECTED: "judging.score.rejected.v1",
    topics.JUDGING_PANEL: "judge.registered.v1",
    topics.VOTES: "vote.cast.v1",
    topics.SCORES_UPDATED: "standing.updated.v1",
    topics.JURY_AUDIT: "jury.audit.flagged.v1",
    topics.CATEGORY_MILESTONES: "podium.changed.v1",
    topics.NOTIFICATIONS_SENT: "notification.sent.v1",
    topics.EDITIONS: "winners.announced.v1",
}


async def run_the_pipeline(pipeline: Pipeline) -> None:
    reference = f"SDK-{uuid.uuid4().hex[:6]}"
    body = {"reference": reference, "edition_id": OPEN_EDITION, "category": "digital-content", "country": "TN",
            "nominee": {"kind": "entity", "name_ar": f"جهة {reference}", "organisation_type": "ministry"},
            "accounts": [{"platform": "x", "url": f"https://x.com/{reference}"}]}
    operator = {"X-Operator-Key": OPERATOR_KEY}
    async with httpx.AsyncClient(base_url=pipeline.services["nomination"].url) as intake:
        submitted = await intake.post("/nominations", json=body, headers={"X-API-Key": INTAKE_KEY})
        assert submitted.status_code == 202, submitted.text
        nid = submitted.json()["nomination_id"]

        async def accepted() -> bool:
            status = await intake.get(f"/nominations/{nid}")
            return status.status_code == 200 and status.json()["status"] == "accepted"
        await eventually(accepted, what="the screening of the SDK nomination")
    async with httpx.AsyncClient(base_url=pipeline.services["scoring"].url) as scoring:
        for judge, mark in (("j-jo-01", 9), ("j-iq-01", 2), ("j-sa-01", 5)):  # j-sa-01: not on the panel
            scored = await scoring.post("/scores", headers={"X-Judge-Key": f"key-{judge}"}, json={
                "nomination_id": nid, "scores": dict.fromkeys(CRITERIA, mark)})
            assert scored.status_code == 202, scored.text
        assert (await scoring.post("/votes", json={"nomination_id": nid, "contact": f"{reference}@example.org"})
                ).status_code == 202
        assert (await scoring.post("/judges", headers=operator, json={
            "judge_id": "j-sdk-01", "edition_id": OPEN_EDITION, "name": "سعاد", "country": "SA",
            "languages": ["ar"], "categories": ["digital-content"]})).status_code == 202

        async def judged_twice() -> bool:
            standing = await scoring.get(f"/standings/{nid}")
            return standing.status_code == 200 and standing.json().get("judges") == 2
        await eventually(judged_twice, what="both jury scores in the standing")
    async with httpx.AsyncClient(base_url=pipeline.services["results"].url) as results:
        async def on_the_board() -> bool:
            board = await results.get(f"/editions/{OPEN_EDITION}/leaderboards/digital-content")
            return any(row["nomination_id"] == nid and row["judges"] == 2 for row in board.json()["rows"])
        await eventually(on_the_board, what="the judged nomination on the leaderboard")
        finalised = await results.post(f"/editions/{OPEN_EDITION}/finalise", headers=operator,
                                       json={"force": True, "reason": "the SDK reads the winners too"})
        assert finalised.status_code == 200, finalised.text


async def by_topic(pipeline: Pipeline) -> dict[topics.Topic, list[Any]]:
    settings = pipeline.settings
    return {topic: await read_all(settings.kafka_bootstrap_servers, settings.topic(topic.name))
            for topic in topics.ALL}


async def test_every_record_of_every_topic_reads_with_the_cloudevents_sdk(pipeline: Pipeline) -> None:
    await run_the_pipeline(pipeline)

    async def everything_published() -> dict[topics.Topic, list[Any]] | None:
        records = await by_topic(pipeline)
        published = {topic: [json.loads(r.value)["type"] for r in records[topic]
                             if EVENT_TYPE_HEADER in dict(r.headers)] for topic in PUBLISHED_BY_SERVICES}
        return records if all(any(t.endswith(suffix) for t in published[topic])
                              for topic, suffix in PUBLISHED_BY_SERVICES.items()) else None
    records = await eventually(everything_published, timeout_s=90, what="a service's event on every topic")

    for topic, found in records.items():
        for record in found:
            headers = dict(record.headers)
            assert not [name for name in headers if name.lower().startswith("ce_")], (topic.name, headers)
            value = json.loads(record.value)
            event = from_kafka_event(KafkaMessage(headers=headers, key=record.key, value=record.value))
            assert (event.get_type(), event.get_id(), event.get_source()) == \
                (value["type"], value["id"], value["source"]), topic.name
            assert event.get_data() == value["data"], topic.name
            if EVENT_TYPE_HEADER in headers:  # published by a service: the routing hints repeat the envelope
                assert headers[EVENT_TYPE_HEADER].decode() == value["type"]
                assert headers[EVENT_ID_HEADER].decode() == value["id"]
