"""What operators do to a running stack: scaling services out and back, a service killed in the middle
of a stream, the backup and restore of docs/operations.md, and taking it down. The last test takes the
stack down: this file runs after test_stack_in_use.py."""

import asyncio
import json
import uuid
from pathlib import Path
from typing import Any

import httpx

from tests.deploy.conftest import Deployment
from tests.deploy.outside import all_rows, documented_commands, entity, listed, run_as_operator, settled
from tests.e2e.events import publish, read_all
from tests.waiting import eventually

SCALED = ("scoring", "results")


async def test_scoring_and_results_run_as_two_instances_each_behind_the_published_ports(
    deployment: Deployment
) -> None:
    scale = [arg for name in SCALED for arg in ("--scale", f"{name}=2")]
    deployment.cli("up", "-d", "--wait", *scale)
    try:
        containers = [json.loads(line) for line in deployment.cli("ps", "--format", "json").stdout.splitlines()]
        for name in SCALED:
            healthy = [c for c in containers if c["Service"] == name and c["Health"] == "healthy"]
            assert len(healthy) == 2, f"{name}: {[(c['Name'], c['State'], c['Health']) for c in containers]}"
        async with httpx.AsyncClient() as http:
            for name in SCALED:  # the gateway shares requests among the instances it finds in Docker's DNS
                answered = {(await http.get(f"{deployment.url(name)}/healthz")).json()["instance"]
                            for _ in range(40)}
                assert len(answered) == 2, f"{name}: only {answered} answered"

        reference = f"SCALED-{uuid.uuid4().hex[:6]}"  # the pipeline still decides and shows each nomination
        await publish(deployment.kafka, "awards.nominations.submitted",
                      [(reference.encode(), entity(reference, f"هيئة موسعة {reference[-6:]}", "EG"))])
        async with httpx.AsyncClient(base_url=deployment.url("results")) as results:
            shown = await eventually(lambda: listed(results, {reference}), what="a nomination with 2 instances")
        assert shown[reference]["status"] == "accepted"
    finally:
        deployment.cli("up", "-d", "--wait", *(arg for name in SCALED for arg in ("--scale", f"{name}=1")))
    containers = [json.loads(line) for line in deployment.cli("ps", "--format", "json").stdout.splitlines()]
    assert sorted(c["Service"] for c in containers if c["Service"] in SCALED) == sorted(SCALED)


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

    # A redelivery may publish a screening again, but only the identical one: same id, same outcome.
    outcomes: dict[str, set[str]] = {}
    for record in await read_all(deployment.kafka, "awards.nominations.screened"):
        event = json.loads(record.value)
        if event["data"].get("reference", "").startswith(f"KILL-{run}-"):
            outcomes.setdefault(event["data"]["nomination_id"], set()).add(
                json.dumps([event["id"], event["type"], event["data"]], sort_keys=True))
    assert len(outcomes) == total
    assert [n for n, seen in outcomes.items() if len(seen) > 1] == [], "one outcome per nomination"


async def test_the_documented_backup_and_restore_keep_every_event_and_document(
    deployment: Deployment, tmp_path: Path
) -> None:
    backup, restore = documented_commands("Back up and restore")[:2]
    async with httpx.AsyncClient(base_url=deployment.url("results")) as results:
        before = await settled(results)
        run_as_operator(backup, tmp_path)
        assert {p.name for p in tmp_path.glob("*.tgz")} == {"kafka-data.tgz", "mongo-data.tgz"}
        deployment.cli("down", "--volumes")
        run_as_operator(restore, tmp_path)
        after = await all_rows(results)
        changed = {(row["reference"], key) for old, row in zip(before, after, strict=True)
                   for key in old.keys() | row.keys() if old.get(key) != row.get(key)}
        assert not changed, f"the restored read model differs: {sorted(changed)[:10]}"

        reference = f"AFTER-{uuid.uuid4().hex[:6]}"  # the restored broker and offsets carry on
        await publish(deployment.kafka, "awards.nominations.submitted",
                      [(reference.encode(), entity(reference, f"هيئة بعد الاستعادة {reference[-6:]}", "EG"))])
        restored = await eventually(lambda: listed(results, {reference}), what="a nomination after the restore")
        assert restored[reference]["status"] == "accepted"
        assert len(await all_rows(results)) == len(before) + 1  # nothing replayed twice


def test_down_with_volumes_leaves_no_container_network_or_volume(deployment: Deployment) -> None:
    assert all(deployment.leftovers().values())
    deployment.cli("down", "--volumes", "--timeout", "30")
    assert deployment.leftovers() == {"container": [], "network": [], "volume": []}
