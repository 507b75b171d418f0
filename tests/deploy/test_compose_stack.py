"""An operator's `docker compose up`, then what other systems, judges and staff do with it, through the
published ports on 127.0.0.1 only. The tests run in file order; the last one takes the stack down."""

import asyncio
import json
import re
import shlex
import subprocess
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.browser import DESKTOP, browser_page, screenshot
from tests.deploy.conftest import FIRST_EDITION, INTAKE_KEY, OPEN_EDITION, PROJECT, ROOT, STAFF, Deployment, host_tool
from tests.e2e.events import cloud_event, publish, read_all, submitted
from tests.waiting import eventually

JUDGES = ["j-jo-01", "j-iq-01", "j-ae-01"]  # digital-content judges of none of the nominees' countries
JUDGED_AT = "2024-01-10T10:00:00Z"  # inside the first edition's judging window
CRITERIA = [c["code"] for c in next(c for c in yaml.safe_load(FIRST_EDITION.read_text())["categories"]
                                     if c["code"] == "digital-content")["criteria"]]


def entity(reference: str, name_ar: str, country: str) -> bytes:
    """A ministry portal's submission, literal CloudEvents JSON, inside the first edition's intake."""
    return submitted(reference, country=country, nominee={
        "kind": "entity", "name_ar": name_ar, "organisation_type": "authority"},
        accounts=[{"platform": "x", "url": f"https://x.com/{reference.lower()}"}])


async def listed(results: httpx.AsyncClient, references: set[str]) -> dict[str, dict[str, Any]] | None:
    rows = (await results.get("/nominations", params={"limit": 200})).json()
    found = {row["reference"]: row for row in rows if row["reference"] in references}
    return found if len(found) == len(references) else None


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
                  [(ref.encode(), entity(ref, f"{name} {run}", country)) for ref, (name, country, _) in nominees.items()]
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
            "nominee": {"kind": "entity", "name_ar": f"وزارة الاقتصاد الرقمي {reference}", "organisation_type": "ministry"},
            "accounts": [{"platform": "x", "url": f"https://x.com/{reference.lower()}"}]}
    async with httpx.AsyncClient(base_url=deployment.url("nomination")) as intake:
        assert (await intake.post("/nominations", json=body)).status_code == 401
        invalid = await intake.post("/nominations", json={**body, "country": "Jordan"}, headers={"X-API-Key": INTAKE_KEY})
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
    await publish(deployment.kafka, "awards.nominations.submitted", [(reference.encode(), entity(reference, name, "EG"))])
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


async def test_a_nomination_service_killed_mid_stream_loses_nothing_and_decides_nothing_twice(
    deployment: Deployment
) -> None:
    run, total = uuid.uuid4().hex[:6], 150
    references = [f"KILL-{run}-{n:03}" for n in range(total)]

    async def stream() -> None:
        for n, reference in enumerate(references):
            await publish(deployment.kafka, "awards.nominations.submitted",
                          [(reference.encode(), entity(reference, f"جهة حكومية {run} رقم {n}", "EG"))])
            if n == total // 3:
                await asyncio.to_thread(deployment.cli, "kill", "nomination")  # SIGKILL
                await asyncio.to_thread(deployment.cli, "start", "nomination")
            await asyncio.sleep(0.02)
    await stream()

    async with httpx.AsyncClient(base_url=deployment.url("results")) as results:
        async def all_decided() -> list[dict[str, Any]] | None:
            rows = [row for row in await all_rows(results) if row["reference"].startswith(f"KILL-{run}-")]
            return rows if len(rows) >= total else None
        rows = await eventually(all_decided, timeout_s=120, what=f"all {total} decided after the kill")
    assert sorted(row["reference"] for row in rows) == references  # each once in the read model
    assert {row["status"] for row in rows} == {"accepted"}

    outcomes: dict[str, set[str]] = {}
    for record in await read_all(deployment.kafka, "awards.nominations.screened"):
        event = json.loads(record.value)
        if event["data"].get("reference", "").startswith(f"KILL-{run}-"):
            outcomes.setdefault(event["data"]["nomination_id"], set()).add(event["id"])
    assert len(outcomes) == total
    assert all(len(event_ids) == 1 for event_ids in outcomes.values()), "one outcome per nomination"


def documented_commands(heading: str) -> list[str]:
    """The bash blocks of docs/operations.md's section ``heading``, in order."""
    text = (ROOT / "docs" / "operations.md").read_text()
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)```", section, re.S)


def run_as_operator(deployment: Deployment, script: str, folder: Path) -> None:
    """A documented block, in bash, where `docker compose` is this stack's compose command."""
    compose = " ".join(shlex.quote(part) for part in deployment.compose.compose_command_property[1:])
    script = script.replace("project=social-government-awards", f"project={PROJECT}")
    prelude = f'docker() {{ if [ "$1" = compose ]; then shift; command docker {compose} "$@"; ' \
              f'else command docker "$@"; fi; }}\ncd {shlex.quote(str(ROOT))}\n'
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", prelude + script.replace('"$PWD"', shlex.quote(str(folder)))],
                          capture_output=True, text=True)
    assert done.returncode == 0, f"{script}\n{done.stdout[-2000:]}{done.stderr[-3000:]}"


async def test_the_documented_backup_and_restore_keep_every_event_and_document(
    deployment: Deployment, tmp_path: Path
) -> None:
    backup, restore = documented_commands("Back up and restore")[:2]
    async with httpx.AsyncClient(base_url=deployment.url("results")) as results:
        before = await settled(results)
        run_as_operator(deployment, backup, tmp_path)
        assert {p.name for p in tmp_path.glob("*.tgz")} == {"kafka-data.tgz", "mongo-data.tgz"}
        deployment.cli("down", "--volumes")
        run_as_operator(deployment, restore, tmp_path)
        after = await all_rows(results)
        changed = {(row["reference"], key) for old, row in zip(before, after, strict=True)
                   for key in old.keys() | row.keys() if old.get(key) != row.get(key)}
        assert not changed, f"the restored read model differs: {sorted(changed)[:10]}"

        reference = f"AFTER-{uuid.uuid4().hex[:6]}"  # the restored broker and offsets carry on
        await publish(deployment.kafka, "awards.nominations.submitted",
                      [(reference.encode(), entity(reference, f"هيئة بعد الاستعادة {reference[-6:]}", "EG"))])
        after = await eventually(lambda: listed(results, {reference}), what="a nomination after the restore")
        assert after[reference]["status"] == "accepted"
        assert len(await all_rows(results)) == len(before) + 1  # nothing replayed twice


async def settled(results: httpx.AsyncClient) -> list[dict[str, Any]]:
    """The read model once two reads 3 s apart agree: nothing is still on its way in."""
    async def quiet() -> list[dict[str, Any]] | None:
        first = await all_rows(results)
        await asyncio.sleep(3)
        return first if first == await all_rows(results) else None
    return await eventually(quiet, what="a read model at rest")


async def all_rows(results: httpx.AsyncClient) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for offset in range(0, 2000, 200):
        page = (await results.get("/nominations", params={"limit": 200, "offset": offset})).json()
        rows += page
        if len(page) < 200:
            break
    return sorted(rows, key=lambda row: row["nomination_id"])


def test_down_with_volumes_leaves_no_container_network_or_volume(deployment: Deployment) -> None:
    assert all(deployment.leftovers().values())
    deployment.cli("down", "--volumes", "--timeout", "30")
    assert deployment.leftovers() == {"container": [], "network": [], "volume": []}
