"""An operator's `docker compose up`, then what other systems, judges and staff do with it, through the
published ports on 127.0.0.1 only."""

import asyncio
import json
import uuid
from typing import Any

import httpx
import pytest

from tests.browser import DESKTOP, browser_page, screenshot
from tests.deploy.conftest import INTAKE_KEY, OPEN_EDITION, STAFF, Deployment
from tests.deploy.outside import CRITERIA, JUDGED_AT, JUDGES, entity, listed
from tests.e2e.events import cloud_event, publish
from tests.waiting import eventually


async def test_every_service_is_healthy_and_published_on_loopback_only(deployment: Deployment) -> None:
    async with httpx.AsyncClient() as http:
        for service in ("nomination", "scoring", "notification", "results", "mailpit"):
            assert (await http.get(f"{deployment.url(service)}/readyz")).status_code == 200, service
    published = [json.loads(line) for line in deployment.cli("ps", "--format", "json").stdout.splitlines()]
    addresses = {(p["URL"], p["PublishedPort"]) for c in published for p in c["Publishers"] if p["PublishedPort"]}
    assert {port for _, port in addresses} == {9092, 8001, 8002, 8003, 8004, 8025}
    assert {url for url, _ in addresses} == {"127.0.0.1"}


async def test_another_systems_nominations_are_screened_then_scored_by_the_jury(deployment: Deployment) -> None:
    run = uuid.uuid4().hex[:6]
    nominees = {f"DEP-EG-{run}": ("هيئة الإعلام الرقمي", "EG", 8), f"DEP-MA-{run}": ("وكالة التنمية الرقمية", "MA", 6),
                f"DEP-TN-{run}": ("المركز الوطني للإعلامية", "TN", 4)}
    refused = f"DEP-FR-{run}"
    await publish(deployment.kafka, "awards.nominations.submitted",
                  [(ref.encode(), entity(ref, f"{name} {run}", country))
                   for ref, (name, country, _) in nominees.items()]
                  + [(refused.encode(), entity(refused, f"هيئة أجنبية {run}", "FR"))])
    async with httpx.AsyncClient(base_url=deployment.url("results")) as results:
        screened = await eventually(lambda: listed(results, {*nominees, refused}), what="all four screened")
        assert {screened[ref]["status"] for ref in nominees} == {"accepted"}
        assert screened[refused]["status"] == "rejected"
        assert [r["code"] for r in screened[refused]["reasons"]] == ["COUNTRY_NOT_PARTICIPATING"]

        # as docs/operations.md has staff register the panel: the image's own tool, on the compose network
        deployment.cli("run", "--rm", "edition", "python", "-m", "infra.judges", "publish",
                       "editions/2024-first-judges.yaml")
        ids = {ref: screened[ref]["nomination_id"] for ref in nominees}
        await publish(deployment.kafka, "awards.judging.scores", [
            (ids[ref].encode(), cloud_event("judging.score.submitted", {
                "nomination_id": ids[ref], "judge_id": judge, "version": 1,
                "scores": dict.fromkeys(CRITERIA, mark)}, time=JUDGED_AT))
            for ref, (_, _, mark) in nominees.items() for judge in JUDGES])

        async def judged() -> list[dict[str, Any]] | None:
            board = (await results.get("/editions/2024-first/leaderboards/digital-content")).json()
            rows = [row for row in board["rows"] if row["nomination_id"] in ids.values()]
            return rows if len(rows) == 3 and all(row["judges"] == 3 for row in rows) else None
        rows = await eventually(judged, what="the three on the leaderboard with every jury mark")
    by_id = {ids[ref]: mark for ref, (_, _, mark) in nominees.items()}
    assert [by_id[row["nomination_id"]] for row in rows] == [8, 6, 4]  # ranked by the jury
    assert [row["standing"] for row in rows] == pytest.approx([48.0, 36.0, 24.0])  # jury weight 60, nothing else yet


async def test_the_http_intake_takes_a_nomination_with_a_key_from_the_env_file(deployment: Deployment) -> None:
    reference = f"HTTP-{uuid.uuid4().hex[:6]}"
    body = {"reference": reference, "edition_id": OPEN_EDITION, "category": "digital-content", "country": "JO",
            "nominee": {"kind": "entity", "name_ar": f"وزارة الاقتصاد الرقمي {reference}",
                        "organisation_type": "ministry"},
            "accounts": [{"platform": "x", "url": f"https://x.com/{reference.lower()}"}]}
    async with httpx.AsyncClient(base_url=deployment.url("nomination")) as intake:
        assert (await intake.post("/nominations", json=body)).status_code == 401
        invalid = await intake.post("/nominations", json={**body, "country": "Jordan"},
                                    headers={"X-API-Key": INTAKE_KEY})
        assert invalid.status_code == 422
        assert ["body", "country"] in [error["loc"] for error in invalid.json()["detail"]]

        taken = await intake.post("/nominations", json=body, headers={"X-API-Key": INTAKE_KEY})
        assert taken.status_code == 202, taken.text
        nomination_id = taken.json()["nomination_id"]
    async with httpx.AsyncClient(base_url=deployment.url("results")) as results:
        async def decided() -> dict[str, Any] | None:
            answer = await results.get(f"/nominations/{nomination_id}")
            return answer.json() if answer.status_code == 200 else None
        outcome = await eventually(decided, what="the HTTP nomination in results")
    assert outcome["status"] == "accepted", outcome["reasons"]


async def test_the_staff_email_reaches_mailpit_in_arabic(deployment: Deployment) -> None:
    reference = f"MAIL-{uuid.uuid4().hex[:6]}"
    name = f"وزارة الاتصالات وتقنية المعلومات {reference[-6:]}"
    await publish(deployment.kafka, "awards.nominations.submitted",
                  [(reference.encode(), entity(reference, name, "EG"))])
    subject = f"قُبل ترشيح {name}"
    async with httpx.AsyncClient(base_url=deployment.url("mailpit")) as mailpit:
        async def arrived() -> list[dict[str, Any]] | None:
            found = (await mailpit.get("/api/v1/search", params={"query": reference[-6:]})).json()["messages"]
            return [m for m in found if m["Subject"] == subject] or None
        (summary,) = await eventually(arrived, what=f"the email «{subject}» in Mailpit")
        message = (await mailpit.get(f"/api/v1/message/{summary['ID']}")).json()
    assert [to["Address"] for to in message["To"]] == [STAFF]
    assert '<html lang="ar" dir="rtl">' in message["HTML"]

    async with browser_page() as page:
        await page.goto(f"{deployment.url('mailpit')}/view/{summary['ID']}")
        await page.get_by_text(subject).first.wait_for()
        await screenshot(page, "deploy-mailpit-arabic-email.png", DESKTOP)
        await page.goto(f"{deployment.url('results')}/")
        await page.wait_for_load_state("networkidle")
        await screenshot(page, "deploy-live-page.png", DESKTOP)


async def test_an_unreadable_event_is_dead_lettered_and_the_operators_tool_shows_its_bytes(
    deployment: Deployment
) -> None:
    garbage = f"not json {uuid.uuid4().hex}".encode()
    key = f"garbage-{uuid.uuid4().hex[:6]}"
    await publish(deployment.kafka, "awards.nominations.submitted", [(key.encode(), garbage)])
    tool = ("run", "--rm", "edition", "python", "-m", "infra.dead_letters")  # as docs/operations.md runs it

    async def dead_letter() -> dict[str, Any] | None:
        listing = (await asyncio.to_thread(deployment.cli, *tool, "list", "--topic", "nominations.submitted")).stdout
        for summary in map(json.loads, listing.splitlines()):
            shown = json.loads((await asyncio.to_thread(
                deployment.cli, *tool, "show", "nominations.submitted", summary["position"])).stdout)
            if shown["key"] == key:
                return shown
        return None
    shown = await eventually(dead_letter, timeout_s=90, what="the dead letter in the operators' listing")
    assert shown["value"] == garbage.decode()  # the original bytes
    assert shown["service"] == "nomination" and shown["error"]
