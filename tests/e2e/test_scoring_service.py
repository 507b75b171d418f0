"""The scoring service against real Kafka and FerretDB: jury scores with conflicts, refusals and
re-scores, metrics by measurement time, one vote per voter, parked evidence, and the HTTP intake."""

import hashlib
import uuid
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from tests.e2e.conftest import OPEN_EDITION, OPERATOR_KEY, Pipeline
from tests.e2e.events import cloud_event, consumed, publish, read_all, submitted
from tests.waiting import eventually

CRITERIA = ["interaction", "participation", "transparency", "content-quality"]
IN_JUDGING, IN_VOTING = "2024-01-10T12:00:00Z", "2024-01-12T12:00:00Z"


def sheet(nomination_id: str, judge: str, values: list[float], version: int = 1,
          criteria: list[str] = CRITERIA) -> dict[str, Any]:
    return {"nomination_id": nomination_id, "judge_id": judge, "version": version,
            "scores": dict(zip(criteria, values, strict=True))}


class Scoring:
    def __init__(self, pipeline: Pipeline, mongo: AsyncMongoClient) -> None:
        self.pipeline, self.settings = pipeline, pipeline.settings
        self.nominations = mongo[self.settings.database_name("scoring")]["nominations"]
        self.view = mongo[self.settings.database_name("results")]["nominations_view"]

    async def send(self, topic: str, key: str, *events: bytes) -> None:
        await publish(self.settings.kafka_bootstrap_servers, self.settings.topic(topic),
                      [(key.encode(), event) for event in events])

    async def nominate(self, country: str = "EG", **changes: Any) -> str:
        reference = f"S-{uuid.uuid4().hex[:8]}"
        await self.send("nominations.submitted", reference, submitted(
            reference, country=country, nominee={"kind": "entity", "name_ar": f"جهة {reference}",
                                                 "organisation_type": "ministry"},
            accounts=[{"platform": "x", "url": f"https://x.com/{reference}"}], **changes))

        async def accepted() -> dict | None:
            return await self.nominations.find_one({"status": "accepted", "name_ar": f"جهة {reference}"})
        return (await eventually(accepted, what="the nomination in scoring"))["_id"]

    async def standing_where(self, nomination_id: str, check: Any, what: str) -> dict[str, Any]:
        async def probe() -> dict | None:
            doc = await self.view.find_one({"_id": nomination_id})
            return doc if doc and "standing" in doc and check(doc) else None
        return await eventually(probe, what=what)

    async def handled(self, topic: str) -> None:
        """Waits until scoring has consumed everything published on ``topic`` so far."""
        await eventually(lambda: consumed(self.settings.kafka_bootstrap_servers,
                                          self.settings.consumer_group("scoring"), self.settings.topic(topic)),
                         what=f"scoring to consume {topic}")

    async def refusals(self, nomination_id: str) -> list[dict[str, Any]]:
        import json
        records = await read_all(self.settings.kafka_bootstrap_servers, self.settings.topic("judging.rejected"))
        return [json.loads(r.value)["data"] for r in records if r.key == nomination_id.encode()]


@pytest.fixture
def scoring(pipeline: Pipeline, mongo_client: AsyncMongoClient) -> Scoring:
    return Scoring(pipeline, mongo_client)


async def test_a_jury_score_moves_the_standing_and_a_rescore_replaces_it(scoring: Scoring) -> None:
    nid = await scoring.nominate()
    await scoring.send("judging.scores", nid, cloud_event(
        "judging.score.submitted", sheet(nid, "j-jo-01", [8, 7, 9, 6]), time=IN_JUDGING))
    first = await scoring.standing_where(nid, lambda d: d["components"]["jury"] is not None, "a jury component")
    assert first["components"]["jury"] == pytest.approx(76.0)
    assert first["judges"] == 1

    await scoring.send("judging.scores", nid,
                       cloud_event("judging.score.submitted", sheet(nid, "j-jo-01", [10, 10, 10, 10], 2),
                                   time=IN_JUDGING),
                       cloud_event("judging.score.submitted", sheet(nid, "j-jo-01", [0, 0, 0, 0], 1),
                                   time=IN_JUDGING))  # an older version arriving late changes nothing
    await scoring.handled("judging.scores")
    second = await scoring.standing_where(nid, lambda d: d["components"]["jury"] == 100.0, "the re-score")
    assert second["judges"] == 1
    assert second["standing"] == pytest.approx(60.0)  # jury weight 60, no metrics, no votes


@pytest.mark.parametrize(("judge", "values", "time", "criteria", "code"), [
    ("j-eg-01", [5, 5, 5, 5], IN_JUDGING, CRITERIA, "CONFLICT_OWN_COUNTRY"),
    ("j-sa-01", [5, 5, 5, 5], IN_JUDGING, CRITERIA, "NOT_ON_PANEL"),
    ("j-jo-01", [5, 5, 5, 5], "2024-03-01T00:00:00Z", CRITERIA, "OUTSIDE_JUDGING_WINDOW"),
    ("j-jo-01", [5, 5, 5], IN_JUDGING, CRITERIA[:3], "CRITERIA_MISMATCH"),
    ("j-jo-01", [5, 5, 5, 11], IN_JUDGING, CRITERIA, "SCORE_OUT_OF_RANGE"),
])
async def test_a_score_that_cannot_count_is_refused_with_its_reason(
    scoring: Scoring, judge: str, values: list[float], time: str, criteria: list[str], code: str
) -> None:
    nid = await scoring.nominate()
    await scoring.send("judging.scores", nid, cloud_event(
        "judging.score.submitted", sheet(nid, judge, values, criteria=criteria), time=time))
    refusals = await eventually(lambda: scoring.refusals(nid), what=f"the {code} refusal")
    assert [r["code"] for r in refusals] == [code]
    assert refusals[0]["ar"] and refusals[0]["en"]
    doc = await scoring.nominations.find_one({"_id": nid})
    assert doc is not None and not doc.get("jury"), "nothing is half-applied"


async def test_a_score_that_arrives_before_its_nomination_is_applied_when_it_arrives(scoring: Scoring) -> None:
    reference = f"EARLY-{uuid.uuid4().hex[:6]}"
    source = "https://portal.mohp.gov.eg"
    from services.nomination.domain.model import nomination_id  # the id the outside system can compute
    nid = nomination_id(source, reference)
    await scoring.send("judging.scores", nid, cloud_event(
        "judging.score.submitted", sheet(nid, "j-iq-01", [6, 6, 6, 6]), time=IN_JUDGING))
    await scoring.send("nominations.submitted", reference, submitted(
        reference, source=source, nominee={"kind": "entity", "name_ar": f"جهة {reference}",
                                           "organisation_type": "ministry"},
        accounts=[{"platform": "x", "url": f"https://x.com/{reference}"}]))
    doc = await scoring.standing_where(nid, lambda d: d["components"]["jury"] is not None, "the parked score")
    assert doc["components"]["jury"] == pytest.approx(60.0)


async def test_the_latest_metrics_snapshot_wins_by_measurement_time_not_arrival(scoring: Scoring) -> None:
    nid, other = await scoring.nominate(), await scoring.nominate(country="JO")

    def snapshot(nomination: str, measured_to: str, reply_rate: float) -> bytes:
        return cloud_event("engagement.metrics.reported", {
            "nomination_id": nomination, "source": "monitor", "measured_from": "2023-12-01T00:00:00Z",
            "measured_to": measured_to, "followers": 1000, "posts": 10, "engagement_rate": 0.05,
            "reply_rate": reply_rate, "median_reply_minutes": 30, "follower_growth": 0.1}, time=measured_to)

    await scoring.send("engagement.metrics", nid, snapshot(nid, "2023-12-31T00:00:00Z", 0.9),
                       snapshot(nid, "2023-12-15T00:00:00Z", 0.1))  # older, arriving later
    await scoring.send("engagement.metrics", other, snapshot(other, "2023-12-31T00:00:00Z", 0.5))
    await scoring.handled("engagement.metrics")
    doc = await scoring.standing_where(nid, lambda d: d["components"]["metrics"] is not None,
                                       "the metrics component")
    assert "metrics" not in doc["missing"]
    stored = await scoring.nominations.find_one({"_id": nid})
    assert stored is not None and stored["metrics"]["reply_rate"] == 0.9


async def test_one_vote_per_voter_per_category_and_a_redelivered_vote_counts_once(scoring: Scoring) -> None:
    first, second = await scoring.nominate(), await scoring.nominate(country="MA")
    voter = hashlib.sha256(uuid.uuid4().bytes).hexdigest()
    scope = f"2024-first|digital-content|{voter}"

    def vote(nomination: str, event_id: str) -> bytes:
        return cloud_event("vote.cast", {"nomination_id": nomination, "edition_id": "2024-first",
                                         "category": "digital-content", "voter": voter},
                           time=IN_VOTING, event_id=event_id)

    await scoring.send("votes", scope, vote(first, "v-1"), vote(first, "v-1"), vote(second, "v-2"))
    doc = await scoring.standing_where(first, lambda d: d["votes"] >= 1, "the vote")
    await scoring.handled("votes")
    stored_first = await scoring.nominations.find_one({"_id": first})
    stored_second = await scoring.nominations.find_one({"_id": second})
    assert stored_first is not None and stored_first["votes"] == 1
    assert stored_second is not None and stored_second.get("votes", 0) == 0
    assert doc["components"]["public"] is not None


async def test_judges_and_voters_use_the_http_intake(scoring: Scoring, pipeline: Pipeline) -> None:
    nid = await scoring.nominate(country="TN", edition_id=OPEN_EDITION, time=None)
    url = pipeline.services["scoring"].url
    async with httpx.AsyncClient(base_url=url) as http:
        scored = await http.post("/scores", headers={"X-Judge-Key": "key-j-jo-01"}, json={
            "nomination_id": nid, "scores": dict(zip(CRITERIA, [9, 8, 7, 6], strict=True))})
        assert scored.status_code == 202, scored.text
        assert (await http.post("/scores", json={"nomination_id": nid, "scores": {}})).status_code == 401
        bad = await http.post("/scores", headers={"X-Judge-Key": "key-j-jo-01"},
                              json={"nomination_id": nid, "scores": {"interaction": 12}})
        assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][:2] == ["body", "scores"]

        voted = await http.post("/votes", json={"nomination_id": nid, "contact": "Citizen@Example.org"})
        assert voted.status_code == 202, voted.text
        assert (await http.post("/votes", json={"nomination_id": nid, "contact": "not a contact"})).status_code == 422
        await scoring.standing_where(nid, lambda d: d["votes"] == 1 and d["judges"] == 1, "HTTP score and vote")
        again = await http.post("/votes", json={"nomination_id": nid, "contact": "citizen@example.org "})
        assert again.status_code == 409
        assert (await http.get("/progress")).status_code == 401
        operator = {"X-Operator-Key": OPERATOR_KEY}
        progress = (await http.get("/progress", headers=operator)).json()
        assert any(c["category"] == "digital-content" for c in progress["categories"])
        reports = (await http.get("/audit", headers=operator)).json()
        assert {"krippendorff_alpha", "judges", "disputed"} <= set(reports[0])

        judge = {"judge_id": "j-new-01", "edition_id": OPEN_EDITION, "name": "نادية", "country": "SA",
                 "languages": ["ar"], "categories": ["digital-content"]}
        assert (await http.post("/judges", json=judge)).status_code == 401
        registered = await http.post("/judges", json=judge, headers={"X-Operator-Key": OPERATOR_KEY})
        assert registered.status_code == 202

        async def listed() -> bool:
            return any(j["judge_id"] == "j-new-01" for j in (await http.get("/judges", headers=operator)).json())
        await eventually(listed, what="the judge registered through the API")
