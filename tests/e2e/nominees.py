"""What the browser tests put on the pages they open: nominations that a ministry's portal submits and
marks that judges give, over plain Kafka as outside systems do, and the wait until the results service
lists them as accepted."""

from typing import Any

import httpx

from shared.edition import load_edition
from shared.settings import CommonSettings
from tests.e2e.conftest import FIRST_EDITION, OPEN_EDITION, Pipeline
from tests.e2e.events import cloud_event, publish, submitted
from tests.waiting import eventually

EDITION = load_edition(FIRST_EDITION)
# Digital-content judges from other countries than the nominees below (EG, MA, TN, SA): no conflicts.
JUDGES = ["j-jo-01", "j-iq-01", "j-ae-01"]
JUDGED_AT = "2024-01-10T10:00:00Z"  # inside the first edition's judging window


def entity(reference: str, name_ar: str, name_en: str | None, country: str,
           category: str = "digital-content") -> tuple[str, dict[str, Any]]:
    nominee = {"kind": "entity", "name_ar": name_ar, "organisation_type": "authority"}
    if name_en:
        nominee["name_en"] = name_en
    return reference, {"country": country, "category": category, "nominee": nominee,
                       "accounts": [{"platform": "x", "url": f"https://x.com/{reference}"}]}


def person(reference: str, name_ar: str, name_en: str, country: str) -> tuple[str, dict[str, Any]]:
    return reference, {"country": country, "category": "personalities",
                       "nominee": {"kind": "person", "name_ar": name_ar, "name_en": name_en,
                                   "government_post": "الناطق الرسمي"},
                       "accounts": [{"platform": "x", "url": f"https://x.com/{reference}"}]}


async def nominate(settings: CommonSettings, results: httpx.AsyncClient,
                   nominations: list[tuple[str, dict[str, Any]]]) -> dict[str, str]:
    """Submits the nominations and waits until results lists every one as accepted: reference → id."""
    await publish(settings.kafka_bootstrap_servers, settings.topic("nominations.submitted"),
                  [(reference.encode(), submitted(reference, **data)) for reference, data in nominations])
    wanted = {reference for reference, _ in nominations}

    async def all_accepted() -> dict[str, str] | None:
        listed = (await results.get("/nominations", params={"status": "accepted", "limit": 200})).json()
        found = {n["reference"]: n["nomination_id"] for n in listed if n["reference"] in wanted}
        return found if len(found) == len(wanted) else None
    return await eventually(all_accepted, what=f"{sorted(wanted)} accepted")


async def judge(settings: CommonSettings, nomination_id: str, mark: float, category: str = "digital-content",
                version: int = 1) -> None:
    """Every judge of ``JUDGES`` gives ``mark`` on every criterion of the category (a higher ``version``
    replaces their earlier marks)."""
    criteria = EDITION.criterion_codes(category)
    await publish(settings.kafka_bootstrap_servers, settings.topic("judging.scores"), [
        (nomination_id.encode(), cloud_event("judging.score.submitted", {
            "nomination_id": nomination_id, "judge_id": judge_id, "version": version,
            "scores": dict.fromkeys(criteria, mark)}, time=JUDGED_AT)) for judge_id in JUDGES])


async def board_rows(results: httpx.AsyncClient, category: str, ids: list[str],
                     edition: str = "2024-first") -> list[dict[str, Any]]:
    """The rows of ``ids`` on the category's leaderboard once each has every jury mark."""
    async def judged() -> list[dict[str, Any]] | None:
        response = await results.get(f"/editions/{edition}/leaderboards/{category}")
        if response.status_code != 200:
            return None
        mine = [r for r in response.json()["rows"] if r["nomination_id"] in ids]
        return mine if len(mine) == len(ids) and all(r["judges"] == len(JUDGES) for r in mine) else None
    return await eventually(judged, what=f"{category} leaderboard with every jury mark")


REPORTED = {"followers": 120000, "posts": 340, "engagement_rate": 0.031, "reply_rate": 0.82,
            "median_reply_minutes": 45.0, "follower_growth": 0.18}


async def accepted_today(pipeline: Pipeline, run: str) -> str:
    """An Egyptian authority nominated today to the open edition; its id once results lists it."""
    reference = f"PORTAL-{run}"
    await publish(pipeline.settings.kafka_bootstrap_servers, pipeline.settings.topic("nominations.submitted"), [
        (reference.encode(), submitted(
            reference, time=None, edition_id=OPEN_EDITION, category="digital-content", country="EG",
            nominee={"kind": "entity", "name_ar": f"هيئة البوابة {run}", "name_en": f"Portal Authority {run}",
                     "organisation_type": "authority"},
            accounts=[{"platform": "x", "url": f"https://x.com/portal{run}"},
                      {"platform": "web", "url": f"javascript:alert('{run}')"}], metrics=REPORTED))])
    async with httpx.AsyncClient(base_url=pipeline.services["results"].url) as results:
        async def listed() -> str | None:
            rows = (await results.get("/nominations", params={"q": run, "status": "accepted"})).json()
            return next((row["nomination_id"] for row in rows if row["reference"] == reference), None)
        return await eventually(listed, what=f"{reference} accepted")
