"""The results service's board cache (services/results/adapters/board_cache.py): served from memory,
checked in the background once old (the whole board read only when its version moved), never older
than a version this process announced, forgotten on a finalisation, one database read for concurrent
readers, never keeping a read that a change overtook, and never holding more keys than its bound however
many distinct boards readers ask for."""

import asyncio

from services.results.adapters.board_cache import BoardCache


class CountingBoards:
    def __init__(self) -> None:
        self.stored: dict[str, dict] = {"e|c": {"version": 1}}
        self.reads = self.version_reads = 0
        self.gate: asyncio.Event | None = None

    async def board(self, key: str) -> dict | None:
        self.reads += 1
        if self.gate is not None:
            await self.gate.wait()
        return dict(self.stored[key]) if key in self.stored else None

    async def board_version(self, key: str) -> int | None:
        self.version_reads += 1
        return self.stored[key]["version"] if key in self.stored else None

    async def state(self, edition_id: str) -> dict | None:
        self.reads += 1
        return None

    async def boards_of(self, edition_id: str, kind: str) -> list[dict]:
        return []

    async def late_events(self, edition_id: str) -> list[dict]:
        return [{"passed": "through"}]


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


async def version(cache: BoardCache, key: str) -> int:
    board = await cache.board(key)
    assert board is not None
    return int(board["version"])


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_an_old_board_is_served_while_one_check_runs_and_read_whole_only_when_it_moved() -> None:
    boards, clock = CountingBoards(), Clock()
    cache = BoardCache(boards, ttl_s=1.0, entries=100, clock=clock)
    assert await version(cache, "e|c") == 1
    clock.now = 1.0
    assert [await version(cache, "e|c") for _ in range(5)] == [1] * 5  # nobody waits
    await settle()
    assert (boards.version_reads, boards.reads) == (1, 1)  # unchanged: only its version was read
    boards.stored["e|c"] = {"version": 2}
    clock.now = 2.5
    assert await version(cache, "e|c") == 1
    await settle()
    assert (boards.version_reads, boards.reads) == (2, 2)
    assert await version(cache, "e|c") == 2
    assert await cache.late_events("e") == [{"passed": "through"}]


async def test_after_this_process_announced_a_version_no_reader_gets_an_older_one() -> None:
    boards = CountingBoards()
    cache = BoardCache(boards, ttl_s=5.0, entries=100, clock=Clock())
    await cache.board("e|c")
    boards.stored["e|c"] = {"version": 2}
    cache.notice({"edition_id": "e", "category": "c", "version": 2})
    assert await version(cache, "e|c") == 2
    assert await version(cache, "e|c") == 2 and boards.reads == 2


async def test_a_read_under_way_when_the_notice_came_is_not_served_after_it() -> None:
    boards = CountingBoards()
    boards.gate = asyncio.Event()
    cache = BoardCache(boards, ttl_s=5.0, entries=100, clock=Clock())
    early = asyncio.create_task(cache.board("e|c"))
    await settle()
    boards.stored["e|c"] = {"version": 2}
    cache.notice({"edition_id": "e", "category": "c", "version": 2})
    late = asyncio.create_task(cache.board("e|c"))
    await settle()
    boards.gate.set()
    await early  # asked before the notice: the old version or the new one are both right for it
    assert (await late or {}).get("version") == 2


async def test_a_finalisation_forgets_the_edition_and_a_read_it_overtook_is_not_kept() -> None:
    boards = CountingBoards()
    cache = BoardCache(boards, ttl_s=5.0, entries=100, clock=Clock())
    await cache.state("e")
    boards.gate = asyncio.Event()
    reader = asyncio.create_task(cache.board("e|c"))
    await settle()
    cache.notice({"edition_id": "e", "winners": True})  # what a finalisation broadcasts
    boards.stored["e|c"] = {"version": 2, "frozen": True}
    boards.gate.set()
    await reader
    assert (await cache.board("e|c")) == {"version": 2, "frozen": True}
    await cache.state("e")
    assert boards.reads == 4  # state twice (forgotten in between), the board twice (first read not kept)


async def test_concurrent_misses_share_one_read() -> None:
    boards = CountingBoards()
    boards.gate = asyncio.Event()
    cache = BoardCache(boards, ttl_s=1.0, entries=100, clock=Clock())
    readers = [asyncio.create_task(cache.board("e|c")) for _ in range(20)]
    await settle()
    boards.gate.set()
    assert [(r or {}).get("version") for r in await asyncio.gather(*readers)] == [1] * 20
    assert boards.reads == 1


async def test_another_generation_going_live_starts_the_cache_afresh() -> None:
    boards = CountingBoards()
    cache = BoardCache(boards, ttl_s=5.0, entries=100, clock=Clock())
    cache.notice({"edition_id": "e", "category": "c", "version": 9})
    assert await version(cache, "e|c") == 1  # older than announced: read, not kept as enough
    cache.clear()  # the new generation numbers its boards from 1 again
    await cache.board("e|c")
    reads = boards.reads
    assert await version(cache, "e|c") == 1 and boards.reads == reads


async def test_without_a_lifetime_every_read_goes_to_the_database() -> None:
    boards = CountingBoards()
    cache = BoardCache(boards, ttl_s=0, entries=100, clock=Clock())
    await cache.board("e|c")
    boards.stored["e|c"] = {"version": 2}
    assert await version(cache, "e|c") == 2 and boards.reads == 2


async def test_readers_naming_many_distinct_boards_never_grow_it_past_its_bound() -> None:
    boards = CountingBoards()
    cache = BoardCache(boards, ttl_s=5.0, entries=50, clock=Clock())
    await cache.board("e|c")
    for n in range(5_000):  # unknown editions and categories, as anyone may ask for
        await cache.board(f"e{n}|c")
        if n % 10 == 0:
            await cache.board("e|c")  # read often: stays held
        assert len(cache) <= 50
    reads = boards.reads
    assert await version(cache, "e|c") == 1 and boards.reads == reads
    await cache.board("e0|c")  # dropped long ago: read again
    assert boards.reads == reads + 1
