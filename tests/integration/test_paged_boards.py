"""Boards stored as a head and pages on the real MongoDB-protocol server: a new version writes only the
pages that changed and deletes the ones its head stopped naming; every read assembles one version."""

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.results.adapters.boards import PAGE_ROWS, MongoBoards


def rows(count: int, standing: float = 0.0) -> list[dict[str, Any]]:
    return [{"rank": i + 1, "nomination_id": f"n-{i:04d}", "standing": standing} for i in range(count)]


def fresh(mongo_client: AsyncMongoClient) -> MongoBoards:
    return MongoBoards(mongo_client[f"boards_{uuid.uuid4().hex[:8]}"])


async def page_ids(boards: MongoBoards) -> set[str]:
    return {doc["_id"] async for doc in boards.pages.find({}, {"_id": 1})}


async def test_a_new_version_writes_only_the_changed_pages(mongo_client: AsyncMongoClient) -> None:
    boards = fresh(mongo_client)
    await boards.prepare()
    first = rows(2 * PAGE_ROWS + 10)
    assert await boards.replace("e|c", "leaderboard", "e", first, category="c") == (1, True)
    assert await boards.replace("e|c", "leaderboard", "e", first, category="c") == (1, False)
    before = await page_ids(boards)
    assert len(before) == 3

    second = first + rows(1)  # one more row: only the last page changes
    second[-1] = {**second[-1], "rank": len(second), "nomination_id": "n-new"}
    assert await boards.replace("e|c", "leaderboard", "e", second, category="c") == (2, True)

    after = await page_ids(boards)
    assert len(after) == 3 and len(after & before) == 2  # two pages kept as they were, one replaced
    stored = await boards.board("e|c")
    assert stored is not None
    assert (stored["rows"], stored["version"], stored["category"], stored["kind"]) == (second, 2, "c", "leaderboard")


async def test_another_process_reads_the_stored_pages_and_cleans_what_no_head_names(
        mongo_client: AsyncMongoClient) -> None:
    boards = fresh(mongo_client)
    await boards.replace("e|c", "leaderboard", "e", rows(150), category="c")
    # A crash between writing a version's pages and its head leaves pages no head names.
    await boards.pages.insert_one({"_id": "e|c|0|2|stray", "board": "e|c", "rows": []})

    restarted = MongoBoards(boards.boards.database)
    assert await restarted.replace("e|c", "leaderboard", "e", rows(150), category="c") == (1, False)
    assert await restarted.replace("e|c", "leaderboard", "e", rows(150, standing=1.5), category="c") == (2, True)

    left = await page_ids(boards)
    assert {page.rsplit("|", 1)[0] for page in left} == {"e|c|0|2", "e|c|1|2"} and "e|c|0|2|stray" not in left
    assert (await boards.board("e|c") or {})["rows"] == rows(150, standing=1.5)
    # The first process's memory is stale: it writes over the version it knew, finds it moved, and
    # compares with what is stored.
    assert await boards.replace("e|c", "leaderboard", "e", rows(150, standing=1.5), category="c") == (2, False)
    assert (await boards.board("e|c") or {})["rows"] == rows(150, standing=1.5)  # its pages left alone


async def test_a_first_write_here_leaves_the_pages_another_process_wrote_for_the_next_version(
        mongo_client: AsyncMongoClient) -> None:
    boards = fresh(mongo_client)
    await boards.replace("e|c", "leaderboard", "e", rows(10), category="c")
    # Another instance read version 2 the moment this process's head switched to it, and has written the
    # pages of version 3 before this process's sweep (here: before its write, the same to the sweep).
    await boards.pages.insert_one({"_id": "e|c|0|3|other", "board": "e|c", "rows": rows(10, standing=2.0)})

    restarted = MongoBoards(boards.boards.database)  # its first write of the board sweeps what no head names
    assert await restarted.replace("e|c", "leaderboard", "e", rows(10, standing=1.0), category="c") == (2, True)

    assert "e|c|0|3|other" in await page_ids(boards), "the other writer's pages are not swept"


async def test_a_board_stored_whole_is_read_and_replaced_by_pages(mongo_client: AsyncMongoClient) -> None:
    boards = fresh(mongo_client)
    await boards.boards.insert_one({"_id": "e|countries", "kind": "countries", "edition_id": "e", "version": 4,
                                    "rows": rows(3)})
    assert (await boards.board("e|countries") or {})["rows"] == rows(3)
    assert await boards.replace("e|countries", "countries", "e", rows(4)) == (5, True)
    stored = await boards.boards.find_one({"_id": "e|countries"})
    assert stored is not None and "rows" not in stored and len(stored["pages"]) == 1
    assert (await boards.board("e|countries") or {})["rows"] == rows(4)


async def test_finalised_boards_are_copied_to_another_generation_as_they_were(
        mongo_client: AsyncMongoClient) -> None:
    blue, green = fresh(mongo_client), fresh(mongo_client)
    await blue.replace("e|c", "leaderboard", "e", rows(120), category="c", final=True)
    await blue.begin_finalisation("e", [], at=datetime(2026, 1, 1, tzinfo=UTC), forced_because=None)

    for finalisation in await blue.finalisations():
        await green.restore(finalisation)

    copied = await green.board("e|c")
    assert copied is not None
    assert (copied["rows"], copied["version"], copied["final"]) == (rows(120), 1, True)
    assert [b["_id"] for b in await green.boards_of("e", "leaderboard")] == ["e|c"]
    assert len(await page_ids(green)) == 2


async def test_two_processes_that_both_found_no_board_never_both_write_its_first_version(
        mongo_client: AsyncMongoClient, monkeypatch: pytest.MonkeyPatch) -> None:
    first = fresh(mongo_client)
    second = MongoBoards(first.boards.database)
    reads, read = list[str](), second._read

    async def found_nothing_the_first_time(key: str) -> dict[str, Any] | None:
        reads.append(key)  # the first read happened before the other process created the board
        return None if len(reads) == 1 else await read(key)
    monkeypatch.setattr(second, "_read", found_nothing_the_first_time)

    assert await first.replace("e|c", "leaderboard", "e", rows(3), category="c") == (1, True)
    assert await second.replace("e|c", "leaderboard", "e", rows(3, standing=2.0), category="c") == (2, True)
    assert len(reads) == 2, "its creation was refused, so it read the board the other had created"
    stored = await first.board("e|c")
    assert stored is not None and (stored["version"], stored["rows"]) == (2, rows(3, standing=2.0))
    assert len(await page_ids(first)) == 1, "the refused write's page was deleted"
