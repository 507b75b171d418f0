"""The results service against the real pipeline: leaderboards and tables from real standings, CSV
and ETags, and a finalisation that announces the winners exactly once and freezes the results."""

import asyncio
import csv
import io
import json
import uuid
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from tests.e2e.conftest import OPERATOR_KEY, Pipeline
from tests.e2e.events import cloud_event, publish, read_all, submitted
from tests.waiting import eventually

CRITERIA = ["interaction", "participation", "transparency", "content-quality"]
JUDGES = ["j-jo-01", "j-iq-01", "j-ae-01"]


async def test_leaderboards_exports_and_a_single_finalisation(pipeline: Pipeline,
                                                              mongo_client: AsyncMongoClient) -> None:
    settings = pipeline.settings
    run = uuid.uuid4().hex[:6]
    levels = {"A": 9.0, "B": 7.0, "C": 5.0, "D": 3.0}
    references = {name: f"R{name}-{run}" for name in levels}
    await publish(settings.kafka_bootstrap_servers, settings.topic("nominations.submitted"), [
        (ref.encode(), submitted(ref, country="EG", nominee={
            "kind": "entity", "name_ar": f"الهيئة {name} {run}", "organisation_type": "authority"},
            accounts=[{"platform": "x", "url": f"https://x.com/{ref}"}])) for name, ref in references.items()])
    view = mongo_client[settings.database_name("results")]["nominations_view"]

    async def all_accepted() -> dict[str, str] | None:
        docs = {d["reference"]: d["_id"] async for d in view.find({"reference": {"$in": list(references.values())},
                                                                 "status": "accepted"})}
        return docs if len(docs) == 4 else None
    ids = await eventually(all_accepted, what="four accepted nominations")
    scores = [(ids[references[name]].encode(), cloud_event("judging.score.submitted", {
        "nomination_id": ids[references[name]], "judge_id": judge, "version": 1,
        "scores": dict.fromkeys(CRITERIA, level)}, time="2024-01-10T10:00:00Z"))
        for name, level in levels.items() for judge in (JUDGES if name != "D" else JUDGES[:1])]
    await publish(settings.kafka_bootstrap_servers, settings.topic("judging.scores"), scores)

    results = pipeline.services["results"].url
    async with httpx.AsyncClient(base_url=results) as http:
        async def ranked() -> list[dict[str, Any]] | None:
            response = await http.get("/editions/2024-first/leaderboards/digital-content")
            if response.status_code != 200:
                return None
            mine = [r for r in response.json()["rows"] if r["nomination_id"] in ids.values()]
            return mine if len(mine) == 4 and all(r["judges"] == (1 if r["nomination_id"] == ids[references["D"]]
                                                                  else 3) for r in mine) else None
        rows = await eventually(ranked, what="the leaderboard with every jury score")
        assert [r["name_ar"].split()[1] for r in rows] == ["A", "B", "C", "D"]
        assert rows[0]["rank"] < rows[1]["rank"] < rows[2]["rank"] < rows[3]["rank"]

        page = (await http.get("/editions/2024-first/leaderboards/digital-content",
                               params={"limit": 2, "offset": 1})).json()
        everyone = (await http.get("/editions/2024-first/leaderboards/digital-content")).json()
        assert page["rows"] == everyone["rows"][1:3] and page["total"] == len(everyone["rows"])
        assert (await http.get("/editions/2024-first/leaderboards/digital-content",
                               params={"limit": 0})).status_code == 422
        progress = {r["category"]: r for r in (await http.get("/editions/2024-first/progress")).json()["rows"]}
        assert progress["digital-content"]["fully_judged"] == progress["digital-content"]["accepted"] - 1  # D
        assert progress["digital-content"]["jury_scores_needed"] - progress["digital-content"]["jury_scores"] == 2

        first = await http.get("/editions/2024-first/leaderboards/digital-content")
        assert first.headers["cache-control"].startswith("public")
        again = await http.get("/editions/2024-first/leaderboards/digital-content",
                               headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304
        exported = await http.get("/editions/2024-first/leaderboards/digital-content", params={"format": "csv"})
        assert exported.content.startswith("\ufeff".encode()) and f"الهيئة A {run}" in exported.content.decode()
        [row_a] = [r for r in csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig")))
                   if r["name_ar"] == f"الهيئة A {run}"]
        assert (row_a["country"], row_a["country_name_ar"], row_a["country_name_en"]) == ("EG", "مصر", "Egypt")
        assert (row_a["sector"], row_a["sector_name_ar"], row_a["sector_name_en"]) == ("health", "الصحة", "Health")

        assert (await http.post("/editions/2024-first/finalise", json={})).status_code == 401
        refused = await http.post("/editions/2024-first/finalise", json={}, headers={"X-Operator-Key": OPERATOR_KEY})
        assert refused.status_code == 409, refused.text  # D has one jury score of three
        forced = await http.post("/editions/2024-first/finalise", headers={"X-Operator-Key": OPERATOR_KEY},
                                 json={"force": True, "reason": "jury deadline passed; D's panel could not meet"})
        assert forced.status_code == 200, forced.text
        repeat = await http.post("/editions/2024-first/finalise", headers={"X-Operator-Key": OPERATOR_KEY},
                                 json={"force": True, "reason": "pressed twice"})
        assert repeat.json() == forced.json()
        assert forced.json()["forced_because"].startswith("jury deadline")
        frozen = (await http.get("/editions/2024-first/leaderboards/digital-content")).json()
        assert frozen["frozen"] is True

        announced = [json.loads(r.value) for r in await read_all(settings.kafka_bootstrap_servers,
                                                                settings.topic("editions"))
                     if json.loads(r.value)["type"].endswith("winners.announced.v1")]
        assert len(announced) == 1, "finalised twice, announced once"
        winners = (await http.get("/editions/2024-first/winners")).json()["rows"]
        assert {w["medal"] for w in winners if w["category"] == "digital-content"} == {"gold", "silver", "bronze"}

        # A score given in the judging window but arriving after finalisation: scoring applies it (its
        # time is before finalisation); results records the late standing and the frozen board stays.
        await publish(settings.kafka_bootstrap_servers, settings.topic("judging.scores"), [
            (ids[references["D"]].encode(), cloud_event("judging.score.submitted", {
                "nomination_id": ids[references["D"]], "judge_id": "j-tn-01", "version": 1,
                "scores": dict.fromkeys(CRITERIA, 10.0)}, time="2024-01-20T10:00:00Z"))])

        async def recorded_late() -> bool:
            late = (await http.get("/editions/2024-first/late-events")).json()
            return any(e["nomination_id"] == ids[references["D"]] for e in late)
        await eventually(recorded_late, what="the late standing to be recorded")
        after = (await http.get("/editions/2024-first/leaderboards/digital-content")).json()
        assert after["version"] == frozen["version"] and after["rows"] == frozen["rows"]
        countries = (await http.get("/editions/2024-first/countries")).json()["rows"]
        assert sum(r["gold"] for r in countries) >= 1


async def test_the_live_page_and_its_stream_of_board_changes(pipeline: Pipeline) -> None:
    from tests.e2e.conftest import OPEN_EDITION
    settings = pipeline.settings
    async with httpx.AsyncClient(base_url=pipeline.services["results"].url, timeout=30) as http:
        arabic, english = (await http.get("/")).text, (await http.get("/", params={"lang": "en"})).text
        assert '<html lang="ar" dir="rtl">' in arabic and '<html lang="en" dir="ltr">' in english
        assert "http://" not in arabic.replace("http://www.w3.org", "") and "https://" not in arabic  # no CDN

        async with http.stream("GET", f"/editions/{OPEN_EDITION}/stream") as stream:
            lines = stream.aiter_lines()
            assert (await anext(lines)).startswith(": connected")
            reference = f"LIVE-{uuid.uuid4().hex[:6]}"
            await publish(settings.kafka_bootstrap_servers, settings.topic("nominations.submitted"), [
                (reference.encode(), submitted(reference, time=None, edition_id=OPEN_EDITION, country="SA", nominee={
                    "kind": "entity", "name_ar": f"هيئة {reference}", "organisation_type": "authority"},
                    accounts=[{"platform": "x", "url": f"https://x.com/{reference}"}]))])

            async def board_event() -> dict[str, Any]:
                async for line in lines:
                    if line.startswith("data: "):
                        return json.loads(line[len("data: "):])
                raise AssertionError("stream ended")
            notice = await asyncio.wait_for(board_event(), 60)
    assert notice["edition_id"] == OPEN_EDITION and notice["category"] == "digital-content"
