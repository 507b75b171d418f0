"""Leaderboard reads under load: the results service over a read model of ``read_nominations``
(10,000) nominations answers GET of a leaderboard page at a fixed rate (open loop, ``read_rate`` per
second, each request timed from its intended start, so a slow answer cannot slow the offered load down).

The baseline, in the same run against the same process: GET /healthz at the same rate (the HTTP stack and
this client, no database, no board). The read model is seeded directly with the documents L3 writes
(standings spread out), and the results service restarted to build its boards from them: how the view
got its documents does not matter to a read, and 10,000 nominations through the whole pipeline would
take longer than the bench has.
"""

import asyncio
import random
import time
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from . import envelopes
from .pipeline import BENCH_EDITION, RunningPipeline
from .stats import latency_summary

PAGE = 50
SEED_BATCH = 1_000
SEQUENTIAL = 200


async def seed(pipeline: RunningPipeline, count: int) -> dict[str, int]:
    """``count`` accepted, scored nominations in the results read model; answers how many per category."""
    rng = random.Random(count)
    client: AsyncMongoClient = AsyncMongoClient(pipeline.settings.mongodb_uri, timeoutMS=300_000)
    per_category: dict[str, int] = {}
    try:
        view = client[pipeline.settings.database_name("results")]["nominations_view"]
        for start in range(0, count, SEED_BATCH):
            docs = []
            for i in range(start, min(count, start + SEED_BATCH)):
                n = envelopes.nomination(f"reads{pipeline.run}", i, BENCH_EDITION)
                doc = envelopes.view_document(n) | {
                    "_id": n.nomination_id, "standing": round(rng.uniform(0, 100), 6), "standing_version": 1,
                    "judges": 3, "missing": [], "votes": rng.randint(0, 500)}
                per_category[doc["category"]] = per_category.get(doc["category"], 0) + 1
                docs.append(doc)
            await view.insert_many(docs, ordered=False)
    finally:
        await client.close()
    return per_category


async def boards_built(http: httpx.AsyncClient, per_category: dict[str, int], timeout_s: float = 600) -> None:
    deadline = time.monotonic() + timeout_s
    for category, count in per_category.items():
        while True:
            answer = await http.get(f"/editions/{BENCH_EDITION}/leaderboards/{category}", params={"limit": 1})
            if answer.status_code == 200 and answer.json()["total"] == count:
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"the {category} board never held its {count} nominations")
            await asyncio.sleep(0.5)


async def open_loop(http: httpx.AsyncClient, requests: list[tuple[str, dict[str, Any]]], rate: float) -> dict[str, Any]:
    latencies: list[float] = []
    failures: dict[str, int] = {}

    async def one(path: str, params: dict[str, Any], intended: float) -> None:
        try:
            answer = await http.get(path, params=params)
            if answer.status_code == 200:
                latencies.append(time.monotonic() - intended)
                return
            outcome = str(answer.status_code)
        except httpx.HTTPError as error:
            outcome = type(error).__name__
        failures[outcome] = failures.get(outcome, 0) + 1

    started = time.monotonic()
    tasks = []
    for i, (path, params) in enumerate(requests):
        intended = started + i / rate
        await asyncio.sleep(max(0.0, intended - time.monotonic()))
        tasks.append(asyncio.create_task(one(path, params, intended)))
    await asyncio.gather(*tasks)
    return {**latency_summary(latencies), "failures": failures, "offered_per_s": rate,
            "achieved_per_s": len(latencies) / (time.monotonic() - started)}


async def one_at_a_time(http: httpx.AsyncClient, requests: list[tuple[str, dict[str, Any]]]) -> float:
    """Median milliseconds of requests sent one after another: what one request costs, without queueing."""
    took = []
    for path, params in requests:
        started = time.monotonic()
        (await http.get(path, params=params)).raise_for_status()
        took.append(time.monotonic() - started)
    return 1000 * sorted(took)[len(took) // 2]


async def measure(pipeline: RunningPipeline, count: int, rate: float, seconds: float) -> dict[str, Any]:
    seeded_at = time.monotonic()
    per_category = await seed(pipeline, count)
    results = pipeline.services["results"]
    await asyncio.to_thread(results.terminate)
    results.start()
    await asyncio.to_thread(results.wait_ready, 120)
    rng = random.Random(7)
    total = int(rate * seconds)
    pages = [(f"/editions/{BENCH_EDITION}/leaderboards/{rng.choice(sorted(per_category))}",
              {"limit": PAGE, "offset": rng.choice([0, 0, 0, 0, PAGE, 2 * PAGE, 10 * PAGE])}) for _ in range(total)]
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=results.url, timeout=30, limits=limits) as http:
        await boards_built(http, per_category)
        ready_s = time.monotonic() - seeded_at
        await open_loop(http, pages[:int(rate)], rate)  # warm-up: connections open, code paths hot
        service_ms = {"leaderboard": await one_at_a_time(http, pages[:SEQUENTIAL]),
                      "baseline_healthz": await one_at_a_time(http, [("/healthz", {})] * SEQUENTIAL)}
        baseline = await open_loop(http, [("/healthz", {})] * total, rate)
        leaderboard = await open_loop(http, pages, rate)
    return {"nominations": count, "per_category": per_category, "page": PAGE, "seconds": seconds,
            "seed_to_boards_s": ready_s, "service_ms_one_at_a_time": service_ms,
            "baseline_healthz": baseline, "leaderboard": leaderboard}
