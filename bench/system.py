"""L4, the system: nominations published by an outside producer until the results read model holds
each one, screened and with its first standing.

"Held" is read from the results service's consumer group: it commits a record only after its MongoDB
write succeeded (at-least-once, tested in tests/e2e/test_at_least_once.py), so its committed offsets
say what the read model holds without loading the database with polls (on FerretDB v1 every query
but an insert scans the collection). The count is then checked once in the read model itself.
"""

import asyncio
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo import AsyncMongoClient

from shared import topics

from . import database_time, envelopes
from .kafka_tools import GroupProgress, publish_all
from .pipeline import RunningPipeline
from .proc import CpuWindow, peak_rss_mib

VIEW_COLLECTION = "nominations_view"  # services/results/adapters/nominations_view.py


@dataclass
class Published:
    """How many nominations a pipeline has been sent so far; each run numbers its own from zero."""

    count: int = 0

    def next(self, pipeline: RunningPipeline, how_many: int,
             stamps: list[datetime] | None = None) -> list[envelopes.Nomination]:
        """The next ``how_many`` nominations, stamped now or with the given times."""
        at: list[datetime | None] = [*stamps] if stamps else [None] * how_many
        batch = [envelopes.nomination(pipeline.run, self.count + i, pipeline.edition.id, at[i])
                 for i in range(how_many)]
        self.count += how_many
        return batch


async def wait_materialised(pipeline: RunningPipeline, progress: GroupProgress, total: int, timeout_s: float,
                            interval_s: float) -> tuple[float, float]:
    """Waits until the results service has stored ``total`` screenings and, after them, at least as many
    standings, with nothing left on ``scores.updated``; answers when each was first seen."""
    results = pipeline.group("results")
    screened = await progress.wait_committed(results, pipeline.topic(topics.NOMINATIONS_SCREENED.name), total,
                                             timeout_s, interval_s)
    standings_topic = pipeline.topic(topics.SCORES_UPDATED.name)
    deadline = time.monotonic() + timeout_s
    while True:
        committed = sum((await progress.committed(results, standings_topic)).values())
        if committed >= total and committed >= sum((await progress.end_offsets(standings_topic)).values()):
            return screened, time.monotonic()
        if time.monotonic() > deadline:
            raise TimeoutError(f"results stored {committed} of at least {total} standings in {timeout_s:.0f}s")
        await asyncio.sleep(interval_s)


async def read_model_counts(mongodb_uri: str, pipeline: RunningPipeline) -> dict[str, int]:
    client: AsyncMongoClient = AsyncMongoClient(mongodb_uri, timeoutMS=120_000)
    try:
        view = client[pipeline.settings.database_name("results")][VIEW_COLLECTION]
        return {"screened": await view.count_documents({"status": {"$exists": True}}),
                "with_standing": await view.count_documents({"standing_version": {"$exists": True}})}
    finally:
        await client.close()


async def warm_up(pipeline: RunningPipeline, progress: GroupProgress, published: Published, count: int,
                  interval_s: float) -> None:
    """A few nominations through the whole pipeline before the clock starts: consumer groups have joined
    and every code path has run once."""
    batch = published.next(pipeline, count)
    await publish_all(pipeline.settings.kafka_bootstrap_servers, pipeline.topic(topics.NOMINATIONS_SUBMITTED.name),
                      [(n.key, n.value) for n in batch])
    await wait_materialised(pipeline, progress, published.count, timeout_s=120, interval_s=interval_s)


async def measure_throughput(pipeline: RunningPipeline, progress: GroupProgress, published: Published,
                             count: int, infra_pids: dict[str, int], interval_s: float) -> dict[str, Any]:
    """``count`` nominations at once, as fast as the producer sends them; the pipeline drains them."""
    batch = published.next(pipeline, count)
    pids = {**pipeline.pids, **infra_pids}
    cpu = CpuWindow.open(pids)
    database_before = await database_time.snapshot(pipeline)
    started = await publish_all(pipeline.settings.kafka_bootstrap_servers,
                                pipeline.topic(topics.NOMINATIONS_SUBMITTED.name), [(n.key, n.value) for n in batch])
    published_at = time.monotonic()
    # Generous: a slow machine must finish, the table shows what it took.
    screened_at, standings_at = await wait_materialised(pipeline, progress, published.count,
                                                        timeout_s=60 + count, interval_s=interval_s)
    used = cpu.close(pids)
    database_spent = database_time.heaviest(database_before, await database_time.snapshot(pipeline), count)
    counts = await read_model_counts(pipeline.settings.mongodb_uri, pipeline)
    return {
        "nominations": count,
        "publish_s": published_at - started,
        "screened_s": screened_at - started,
        "materialised_s": standings_at - started,
        "screened_per_s": count / (screened_at - started),
        "materialised_per_s": count / (standings_at - started),
        "cpu_s_per_1000": {name: 1000 * seconds / count for name, seconds in used.items()},
        "peak_rss_mib": {name: peak_rss_mib(pid) for name, pid in pids.items()},
        "database_time": database_spent,
        "read_model": counts,
        "read_model_complete": counts["screened"] == published.count and counts["with_standing"] >= published.count,
    }
