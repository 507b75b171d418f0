"""The operators' dead-letter tool on the real pipeline: a poison message is listed with its reason and
shown byte for byte; a dead letter replayed after a fix is processed like a new event, a second replay
changes nothing, and a replayed poison message is dead-lettered again."""

import asyncio
import json
import subprocess
import sys
import uuid
from typing import Any

import httpx

from tests.e2e.conftest import Pipeline
from tests.e2e.events import consumed, publish, read_all, submitted
from tests.e2e.processes import ROOT, environment
from tests.waiting import eventually


async def tool(pipeline: Pipeline, *args: str) -> subprocess.CompletedProcess[str]:
    done = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "infra.dead_letters", *args], cwd=ROOT,
                                   env=environment(pipeline.settings), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


async def test_dead_letters_are_listed_shown_and_replayed(pipeline: Pipeline) -> None:
    settings, run = pipeline.settings, uuid.uuid4().hex[:6]
    submitted_topic = settings.topic("nominations.submitted")
    poison = f'{{"broken": "{run}"'.encode()
    await publish(settings.kafka_bootstrap_servers, submitted_topic, [(b"poison", poison)])

    async def listed() -> list[dict[str, Any]] | None:
        lines = (await tool(pipeline, "list", "--topic", "nominations.submitted")).stdout.splitlines()
        return [json.loads(line) for line in lines] or None
    [letter] = await eventually(listed, what="the poison message in the dead-letter list")
    assert letter["service"] == "nomination" and "UnreadableEvent" in letter["error"]
    shown = json.loads((await tool(pipeline, "show", "nominations.submitted", letter["position"])).stdout)
    assert shown["value"].encode() == poison and shown["key"] == "poison"

    # A dead letter left by an earlier fault (say, a bug since fixed): a valid submission.
    reference = f"DLQ-{run}"
    good = submitted(reference, country="TN", nominee={"kind": "entity", "name_ar": f"بلدية صفاقس {run}",
                                                       "organisation_type": "municipality"},
                     accounts=[{"platform": "x", "url": f"https://x.com/sfax{run}"}])
    await publish(settings.kafka_bootstrap_servers, submitted_topic + ".dlq", [(reference.encode(), good)])
    letters = await eventually(lambda: _at_least(pipeline, 2), what="both dead letters")
    fixed = next(d for d in letters if d["bytes"] == len(good))
    for _ in range(2):  # the second replay must change nothing
        await tool(pipeline, "replay", "nominations.submitted", fixed["position"], letter["position"])

    async with httpx.AsyncClient(base_url=pipeline.services["results"].url) as http:
        async def accepted() -> list[Any] | None:
            rows = (await http.get("/nominations", params={"q": f"بلدية صفاقس {run}"})).json()
            return rows if rows and rows[0]["status"] == "accepted" else None
        [row] = await eventually(accepted, what="the replayed nomination accepted")

    async def poison_back() -> list[Any] | None:
        again = [r for r in await read_all(settings.kafka_bootstrap_servers, submitted_topic + ".dlq")
                 if r.value == poison]
        return again if len(again) == 3 else None
    again = await eventually(poison_back, what="the replayed poison dead-lettered again, twice")
    assert all(dict(r.headers).get("x-awards-replayed-from") for r in again[1:])
    async def both_replays_handled() -> bool:
        return await consumed(settings.kafka_bootstrap_servers, settings.consumer_group("nomination"),
                              submitted_topic)
    await eventually(both_replays_handled, what="the nomination service to handle both replays")
    screened = [json.loads(r.value) for r in await read_all(settings.kafka_bootstrap_servers,
                                                             settings.topic("nominations.screened"))]
    mine = [e for e in screened if e["data"]["nomination_id"] == row["nomination_id"]]
    assert mine and len({e["id"] for e in mine}) == 1, "replayed twice, decided once (same event id)"


async def _at_least(pipeline: Pipeline, count: int) -> list[dict[str, Any]] | None:
    lines = (await tool(pipeline, "list", "--topic", "nominations.submitted")).stdout.splitlines()
    return [json.loads(line) for line in lines] if len(lines) >= count else None


async def test_consumer_lag_is_in_the_metrics_and_the_operators_command(pipeline: Pipeline) -> None:
    settings = pipeline.settings
    group, topic = settings.consumer_group("nomination"), settings.topic("nominations.submitted")
    async with httpx.AsyncClient(base_url=pipeline.services["nomination"].url) as http:
        async def measured() -> str | None:
            lines = [line for line in (await http.get("/metrics")).text.splitlines()
                     if line.startswith("awards_consumer_lag{") and f'group="{group}"' in line
                     and f'topic="{topic}"' in line]
            return "\n".join(lines) or None
        assert await eventually(measured, what="the nomination service's lag in /metrics")
    wanted = {(group, topic), (settings.consumer_group("results"), settings.topic("scores.updated"))}

    async def reported() -> tuple[str, list[list[str]]] | None:
        done = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "infra.lag", "--all-partitions"],
                                       cwd=ROOT, env=environment(settings), capture_output=True, text=True,
                                       timeout=60)
        assert done.returncode == 0, done.stderr
        rows = [line.split() for line in done.stdout.splitlines()[1:-1]]
        return (done.stdout, rows) if {(row[0], row[1]) for row in rows} >= wanted else None
    output, rows = await eventually(reported, what="every group that committed in the operators' lag table")
    assert all(int(row[3]) <= int(row[4]) for row in rows), "committed beyond the end of a partition"
    total = int(output.splitlines()[-1].split()[2])
    assert total == sum(int(row[5]) for row in rows)
