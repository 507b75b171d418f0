"""L4, third part: public votes, as the voting page publishes them on ``votes``, until the read model
counts every one. A vote moves every standing of its category (each nomination's share of the
category's votes), so scoring recomputes and publishes whole categories in its standings rounds and
results stores each new version: the cost a vote brings is O(category), paced by those rounds."""

import hashlib
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection

from shared import topics
from shared.events.scoring import voter_scope
from shared.mongo import Document

from . import envelopes
from .kafka_tools import GroupProgress, poll_until, publish_all
from .pipeline import RunningPipeline
from .proc import CpuWindow
from .system import VIEW_COLLECTION


def ballots(pipeline: RunningPipeline, indices: range, count: int) -> list[tuple[bytes, bytes]]:
    """``count`` votes from distinct voters, spread over the nominations ``indices`` in turn, each keyed
    by its voter's scope as the voting page keys them."""
    messages = []
    for i in range(count):
        index = indices[i % len(indices)]
        category, _ = envelopes.placement(index)
        nomination_id = envelopes.nomination(pipeline.run, index, pipeline.edition.id).nomination_id
        voter = hashlib.sha256(f"{pipeline.run}-voter-{i}".encode()).hexdigest()
        event = envelopes.vote(nomination_id, pipeline.edition.id, category, voter)
        messages.append((voter_scope(pipeline.edition.id, category, voter).encode(), event))
    return messages


async def measure(pipeline: RunningPipeline, progress: GroupProgress, indices: range, count: int,
                  infra_pids: dict[str, int], interval_s: float) -> dict[str, Any]:
    votes, standings = pipeline.topic(topics.VOTES.name), pipeline.topic(topics.SCORES_UPDATED.name)
    scoring, results = pipeline.group("scoring"), pipeline.group("results")
    messages = ballots(pipeline, indices, count)
    client: AsyncMongoClient = AsyncMongoClient(pipeline.settings.mongodb_uri, timeoutMS=120_000)
    view = client[pipeline.settings.database_name("results")][VIEW_COLLECTION]
    pids = {**pipeline.pids, **infra_pids}
    try:
        cpu = CpuWindow.open(pids)
        started = await publish_all(pipeline.settings.kafka_bootstrap_servers, votes, messages)
        counted = 0

        async def counted_all() -> bool:
            # Counted by scoring, every standing it published since stored by results; then (a few polls)
            # the read model's sum, which reads the whole view and would load the server if polled throughout.
            nonlocal counted
            if await progress.caught_up(scoring, votes) and await progress.caught_up(results, standings):
                counted = await _votes_in(view)
            return counted >= len(messages)

        done = await poll_until(counted_all, 60 + len(messages), interval_s,
                                lambda: f"the read model counts {counted} of {len(messages)} votes")
        used = cpu.close(pids)
    finally:
        await client.close()
    return {"votes": len(messages), "seconds": done - started, "per_s": len(messages) / (done - started),
            "cpu_s_per_1000": {name: 1000 * seconds / len(messages) for name, seconds in used.items()},
            "read_model_votes": counted, "read_model_complete": counted == len(messages)}


async def _votes_in(view: AsyncCollection[Document]) -> int:
    found = await (await view.aggregate([{"$group": {"_id": None, "votes": {"$sum": "$votes"}}}])).to_list()
    return found[0]["votes"] if found else 0
