"""The boards the live instances wrote, against those of a rebuild by replay of the same topics.

After the counting, the results service is asked for a rebuild by replay (``POST /rebuild``, as an
operator would): a new generation in a database of its own, consumed by one instance from the first
offset of every topic. Once it is live, every board and table of the old generation (written by the
instances that came and went under the fault) is compared with the new one's, row for row and field
for field but for its version and write time. The old database stays in place after a rebuild, so both
can be read; the new one is dropped here, since the pipeline's cleanup knows only the first.
"""

import asyncio
import time
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from bench.pipeline import OPERATOR_KEY, RunningPipeline
from services.results.adapters.boards import MongoBoards
from services.results.adapters.generations import database_of

REBUILD_TIMEOUT_S = 240.0
KINDS = ("leaderboard", "countries", "sectors", "progress")
VOLATILE = ("version", "updated_at")


async def boards_differ_from_rebuild(pipeline: RunningPipeline, client: AsyncMongoClient) -> list[str]:
    """The boards of the pipeline's edition that differ from the rebuild's (a board on one side only
    differs too)."""
    number = await _rebuild(pipeline.services["results"].url)
    settings = pipeline.settings
    try:
        live = MongoBoards(client[database_of(settings, 0)])
        rebuilt = MongoBoards(client[database_of(settings, number)])
        differing: list[str] = []
        for kind in KINDS:
            before = _by_key(await live.boards_of(pipeline.edition.id, kind))
            after = _by_key(await rebuilt.boards_of(pipeline.edition.id, kind))
            differing += sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
        return differing
    finally:
        await client.drop_database(database_of(settings, number))


def _by_key(boards: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {board["_id"]: {k: v for k, v in board.items() if k not in VOLATILE} for board in boards}


async def _rebuild(url: str) -> int:
    """Starts a rebuild and waits until its generation is live; returns its number."""
    async with httpx.AsyncClient(base_url=url, timeout=30, headers={"X-Operator-Key": OPERATOR_KEY}) as http:
        started = await http.post("/rebuild")
        started.raise_for_status()
        deadline = time.monotonic() + REBUILD_TIMEOUT_S
        while time.monotonic() < deadline:
            state = (await http.get("/rebuild")).json()
            if state["state"] == "switched":
                return int(state["generation"])
            if state["state"] == "failed":
                raise RuntimeError(f"the rebuild by replay failed: {state.get('error')}")
            await asyncio.sleep(1)
    raise TimeoutError(f"the rebuild by replay was not live within {REBUILD_TIMEOUT_S:.0f} s")
