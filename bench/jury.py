"""L4, second part: jury scores from an outside jury portal until the read model shows the standing each
one moves. A score is applied by scoring (its evidence), which recomputes the category's standings at
most every AWARDS_STANDINGS_INTERVAL_S and publishes the changed one; results stores the new version."""

from typing import Any

from pymongo import AsyncMongoClient

from infra.judges import read_panels
from shared import topics

from . import envelopes
from .kafka_tools import GroupProgress, poll_until, publish_all
from .pipeline import PANELS, RunningPipeline
from .proc import CpuWindow
from .system import VIEW_COLLECTION


def scores(pipeline: RunningPipeline, indices: range) -> list[tuple[bytes, bytes]]:
    """One score per nomination, each from a judge on its category's panel and of another country
    (a judge never scores a nominee of their own country), with marks for exactly its criteria."""
    judges = read_panels(PANELS)
    messages = []
    for index in indices:
        category, country = envelopes.placement(index)
        judge = next(j for j in judges if category in j.categories and j.country != country)
        criteria = pipeline.edition.criterion_codes(category)
        marks = [float(4 + (index + i) % 7) for i in range(len(criteria))]
        nomination_id = envelopes.nomination(pipeline.run, index, pipeline.edition.id).nomination_id
        messages.append((nomination_id.encode(), envelopes.jury_score(nomination_id, judge.judge_id, criteria, marks)))
    return messages


async def measure(pipeline: RunningPipeline, progress: GroupProgress, indices: range, infra_pids: dict[str, int],
                  interval_s: float) -> dict[str, Any]:
    standings = pipeline.topic(topics.SCORES_UPDATED.name)
    results = pipeline.group("results")
    before = sum((await progress.committed(results, standings)).values())
    messages = scores(pipeline, indices)
    pids = {**pipeline.pids, **infra_pids}
    cpu = CpuWindow.open(pids)
    started = await publish_all(pipeline.settings.kafka_bootstrap_servers, pipeline.topic(topics.JUDGING_SCORES.name),
                                messages)
    # Each score moves its own nomination's standing only (no z-score in this edition): one new version each.
    committed = before

    async def stored_all() -> bool:
        nonlocal committed
        committed = sum((await progress.committed(results, standings)).values())
        return committed >= before + len(messages) and await progress.caught_up(results, standings)

    done = await poll_until(stored_all, 60 + len(messages), interval_s,
                            lambda: f"results stored {committed - before} of {len(messages)} new standings")
    used = cpu.close(pids)
    client: AsyncMongoClient = AsyncMongoClient(pipeline.settings.mongodb_uri, timeoutMS=120_000)
    try:
        judged = await client[pipeline.settings.database_name("results")][VIEW_COLLECTION].count_documents(
            {"judges": {"$gte": 1}})
    finally:
        await client.close()
    return {"scores": len(messages), "seconds": done - started, "per_s": len(messages) / (done - started),
            "cpu_s_per_1000": {name: 1000 * seconds / len(messages) for name, seconds in used.items()},
            "read_model_judged": judged, "read_model_complete": judged == len(messages)}

