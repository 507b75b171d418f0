"""Two results instances in one consumer group, on the real broker and database server: a live page on
either instance is told of every board change, whichever instance wrote it, and reads the board at that
version or later from either instance right after the notice (services/results/service_layer/boards.py,
``look_elsewhere``)."""

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from infra.edition import publish as publish_edition
from infra.topics import ensure_topics
from services.results.adapters.boards import MongoBoards
from shared.edition import load_edition
from tests.conftest import isolated_settings
from tests.e2e.events import publish
from tests.e2e.processes import ServiceProcess
from tests.infrastructure import Infrastructure
from tests.unit.results.given import CATEGORY, EDITION, screened, standing
from tests.waiting import eventually
from tools.system import SystemSettings

FIRST_EDITION = Path(__file__).resolve().parents[2] / "editions" / "2024-first.yaml"
BOARD = f"{EDITION.id}|{CATEGORY}"


@pytest.fixture
async def two_instances(infrastructure: Infrastructure, tmp_path: Path
                        ) -> AsyncIterator[tuple[SystemSettings, list[ServiceProcess]]]:
    settings = isolated_settings(infrastructure, boards_interval_s=0.2)
    await ensure_topics(settings.bootstrap_servers, settings.topic_prefix)
    await publish_edition(load_edition(FIRST_EDITION), settings)
    instances = [ServiceProcess("results", settings, tmp_path).start() for _ in range(2)]
    try:
        for instance in instances:
            await asyncio.to_thread(instance.wait_ready)
        yield settings, instances
    finally:
        for instance in instances:
            await asyncio.to_thread(instance.terminate)


async def notices(http: httpx.AsyncClient, into: list[dict[str, Any]]) -> None:
    async with http.stream("GET", f"/editions/{EDITION.id}/stream") as stream:
        async for line in stream.aiter_lines():
            if line.startswith("data: "):
                into.append(json.loads(line[len("data: "):]))


async def test_a_page_on_either_instance_sees_every_board_change_and_reads_it(
        two_instances: tuple[SystemSettings, list[ServiceProcess]], mongo_client) -> None:
    settings, instances = two_instances
    clients = [httpx.AsyncClient(base_url=instance.url, timeout=30) for instance in instances]
    seen: list[list[dict[str, Any]]] = [[], []]
    pages = [asyncio.create_task(notices(http, into)) for http, into in zip(clients, seen, strict=True)]
    try:
        await asyncio.sleep(1)  # both pages listening
        # Nominations on several keys, so their partitions (and so the writes) spread over both instances.
        ids = [f"n{i}" for i in range(6)]
        await publish(settings.kafka_bootstrap_servers, settings.topic("nominations.screened"),
                      [(nid.encode(), screened(nid).model_dump_json().encode()) for nid in ids])
        await publish(settings.kafka_bootstrap_servers, settings.topic("scores.updated"),
                      [(nid.encode(), standing(nid, 50.0 + i, 1).model_dump_json().encode())
                       for i, nid in enumerate(ids)])
        boards = MongoBoards(mongo_client[settings.database_name("results")])

        async def final_board() -> int | None:
            board = await boards.board(BOARD)
            ranked = [row["nomination_id"] for row in board["rows"]] if board else []
            return board["version"] if board and ranked == ids[::-1] else None
        version = await eventually(final_board, what="the board with every standing")

        async def told_everywhere() -> bool:
            return all(any(n.get("version", 0) >= version for n in page) for page in seen)
        await eventually(told_everywhere, timeout_s=30,
                         what=f"each page to be told of the board's version {version} (told: {seen})")
        for http in clients:  # and each instance serves it, not an older one it held
            board = (await http.get(f"/editions/{EDITION.id}/leaderboards/{CATEGORY}")).json()
            assert board["version"] >= version and [row["nomination_id"] for row in board["rows"]] == ids[::-1]
    finally:
        for page in pages:
            page.cancel()
        await asyncio.gather(*pages, return_exceptions=True)
        for http in clients:
            await http.aclose()
