"""Rebuild by replay, blue/green, on the real pipeline: the results service replays every topic into a
new generation of its read models, switches reads when caught up, and what readers see is the same as
before, finalised edition included; the new generation then keeps up with new events, and a restarted
service stays on it."""

import asyncio
import subprocess
import sys
import uuid
from typing import Any

import httpx

from tests.e2e.conftest import OPEN_EDITION, OPERATOR_KEY, Pipeline
from tests.e2e.events import cloud_event, publish, submitted
from tests.e2e.processes import ROOT, ServiceProcess
from tests.waiting import eventually

CRITERIA = ["interaction", "participation", "transparency", "content-quality"]
JUDGES = ["j-jo-01", "j-iq-01", "j-ae-01"]


async def everything_a_reader_sees(http: httpx.AsyncClient) -> dict[str, Any]:
    seen: dict[str, Any] = {"nominations": (await http.get("/nominations", params={"limit": 200})).json()}
    for edition in ("2024-first", OPEN_EDITION):
        for board in (await http.get(f"/editions/{edition}/leaderboards")).json():
            one = (await http.get(f"/editions/{edition}/leaderboards/{board['category']}")).json()
            seen[f"{edition}/{board['category']}"] = {"rows": one["rows"], "frozen": one["frozen"]}
        for table in ("countries", "sectors", "winners", "late-events"):
            response = await http.get(f"/editions/{edition}/{table}")
            seen[f"{edition}/{table}"] = response.json() if response.status_code == 200 else response.status_code
    return seen


async def test_a_rebuilt_generation_equals_the_live_one_and_takes_over(pipeline: Pipeline) -> None:
    settings, run = pipeline.settings, uuid.uuid4().hex[:6]
    levels = {"A": 9.0, "B": 7.0, "C": 5.0}
    references = {name: f"RB{name}-{run}" for name in levels}
    await publish(settings.kafka_bootstrap_servers, settings.topic("nominations.submitted"), [
        *((ref.encode(), submitted(ref, nominee={"kind": "entity", "name_ar": f"الهيئة {name} {run}",
                                                 "organisation_type": "authority"},
                                   accounts=[{"platform": "x", "url": f"https://x.com/{ref}"}]))
          for name, ref in references.items()),
        (f"RB-open-{run}".encode(), submitted(f"RB-open-{run}", time=None, edition_id=OPEN_EDITION, country="JO",
                                              nominee={"kind": "entity", "name_ar": f"أمانة {run}",
                                                       "organisation_type": "municipality"},
                                              accounts=[{"platform": "x", "url": f"https://x.com/rbo{run}"}]))])
    async with httpx.AsyncClient(base_url=pipeline.services["results"].url, timeout=30,
                                 headers={"X-Operator-Key": OPERATOR_KEY}) as http:
        async def accepted() -> dict[str, str] | None:
            rows = (await http.get("/nominations", params={"status": "accepted", "limit": 200})).json()
            found = {r["reference"]: r["nomination_id"] for r in rows if r["reference"] in references.values()}
            return found if len(found) == 3 else None
        ids = await eventually(accepted, what="three accepted nominations")

        async def open_one_held() -> bool:
            rows = (await http.get("/nominations", params={"q": f"أمانة {run}"})).json()
            return len(rows) == 1
        await eventually(open_one_held, what="the open edition's nomination in the read model")
        await publish(settings.kafka_bootstrap_servers, settings.topic("judging.scores"), [
            (ids[ref].encode(), cloud_event("judging.score.submitted", {
                "nomination_id": ids[ref], "judge_id": judge, "version": 1,
                "scores": dict.fromkeys(CRITERIA, levels[name])}, time="2024-01-10T10:00:00Z"))
            for name, ref in references.items() for judge in JUDGES])

        async def fully_judged() -> bool:
            rows = (await http.get("/editions/2024-first/leaderboards/digital-content")).json().get("rows", [])
            return sum(r["judges"] == 3 for r in rows) == 3
        await eventually(fully_judged, what="every jury score on the board")
        finalised = await http.post("/editions/2024-first/finalise", json={})
        assert finalised.status_code == 200, finalised.text
        before = await everything_a_reader_sees(http)
        assert before["2024-first/digital-content"]["frozen"] is True

        rebuilt = await asyncio.to_thread(subprocess.run, [
            sys.executable, "-m", "infra.rebuild_results", "--url", pipeline.services["results"].url,
            "--key", OPERATOR_KEY, "--timeout", "180"], cwd=ROOT, capture_output=True, text=True)
        assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
        assert "generation 1 is live" in rebuilt.stdout
        assert (await http.get("/rebuild")).json()["live_generation"] == 1
        for _ in range(5):  # readiness follows the new generation's broker, right after the switch
            ready = await http.get("/readyz")
            assert ready.status_code == 200, ready.text
        assert await everything_a_reader_sees(http) == before

        late = f"RB-late-{run}"
        await publish(settings.kafka_bootstrap_servers, settings.topic("nominations.submitted"), [
            (late.encode(), submitted(late, time=None, edition_id=OPEN_EDITION, country="JO", nominee={
                "kind": "entity", "name_ar": f"هيئة لاحقة {run}", "organisation_type": "authority"},
                accounts=[{"platform": "x", "url": f"https://x.com/rbl{run}"}]))])

        async def followed() -> bool:
            rows = (await http.get("/nominations", params={"q": f"هيئة لاحقة {run}"})).json()
            return len(rows) == 1
        await eventually(followed, what="the new generation to apply an event published after the switch")

    old = pipeline.services["results"]
    await asyncio.to_thread(old.terminate)
    restarted = ServiceProcess("results", settings, old.log_dir).start()
    pipeline.services["results"] = restarted
    await asyncio.to_thread(restarted.wait_ready)
    async with httpx.AsyncClient(base_url=restarted.url, timeout=30, headers={"X-Operator-Key": OPERATOR_KEY}) as http:
        assert (await http.get("/rebuild")).json()["live_generation"] == 1, "restarted on the rebuilt generation"
        after_restart = await everything_a_reader_sees(http)
    assert after_restart["2024-first/digital-content"] == before["2024-first/digital-content"]
    assert len(after_restart["nominations"]) == len(before["nominations"]) + 1
