"""Boards and finalisation states served from memory.

Under load hundreds of readers a second ask for the same few boards, and a board of thousands of rows
costs the database far more to send than a reader takes to render a page of it. Contract:
- a value checked less than ``ttl_s`` ago is served as it is;
- an older one is still served while one check runs in the background (readers are told,
  ``Cache-Control: max-age=5``, that what they get may be that old anyway): the board's version is read
  first, and the whole board only when the version moved;
- a board this process rebuilt is announced with its version (the broadcast notice); from then on no
  reader is served an older version of it, so the live page never shows the old board after the notice;
- an edition this process finalised (its winners notice) is forgotten at once (its boards froze, its
  state appeared);
- concurrent readers of one key share one database read, and a read that a change overtook is not kept;
- at most ``entries`` keys are held (readers name them, unknown editions and categories included): beyond
  them the least recently read is dropped.
Lists of boards and late events are passed to the boards adapter unchanged.
"""

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from ..service_layer.ports import BoardReads, Document

STATE = "state|"
log = logging.getLogger("awards.results.board_cache")
Value = Document | None
Load = Callable[[], Awaitable[Value]]


class BoardCache:
    def __init__(self, boards: BoardReads, ttl_s: float, entries: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._boards, self._ttl_s, self._entries, self._clock = boards, ttl_s, entries, clock
        self._held: OrderedDict[str, tuple[float, Value]] = OrderedDict()
        self._wanted: dict[str, int] = {}  # key → the lowest version a reader may still be served
        self._loading: dict[str, asyncio.Future[Value]] = {}
        self._forgotten = 0  # grows with every forget: a read that started before one is not kept
        self._refreshing: set[asyncio.Task[Any]] = set()  # held here: the loop keeps only weak references

    async def board(self, key: str) -> dict[str, Any] | None:
        return await self._read(key, lambda: self._checked(key))

    async def state(self, edition_id: str) -> dict[str, Any] | None:
        return await self._read(STATE + edition_id, lambda: self._boards.state(edition_id))

    def notice(self, notice: dict[str, Any]) -> None:
        """A broadcast notice: the board it names now has (at least) the version it says; a notice of
        winners means the edition was finalised."""
        if "category" not in notice:
            self.forget(notice["edition_id"])
            return
        key = f"{notice['edition_id']}|{notice['category']}"
        self._wanted[key] = max(self._wanted.get(key, 0), notice["version"])

    def forget(self, edition_id: str) -> None:
        """All of the edition's boards and its state (a finalisation)."""
        self._forgotten += 1
        for key in [k for k in self._held if k.startswith(f"{edition_id}|") or k == STATE + edition_id]:
            del self._held[key]

    def clear(self) -> None:
        """Everything (another generation went live: its versions start again from 1)."""
        self._forgotten += 1
        self._held.clear()
        self._wanted.clear()

    def __len__(self) -> int:
        return len(self._held)

    async def board_version(self, key: str) -> int | None:
        return await self._boards.board_version(key)

    async def boards_of(self, edition_id: str, kind: str) -> list[Document]:
        return await self._boards.boards_of(edition_id, kind)

    async def late_events(self, edition_id: str) -> list[Document]:
        return await self._boards.late_events(edition_id)

    async def _read(self, key: str, load: Load) -> Value:
        for _ in range(2):  # a second time when a read already under way turned out older than wanted
            held = self._held.get(key)
            if held is not None and self._acceptable(key, held[1]):
                self._held.move_to_end(key)
                if self._clock() - held[0] >= self._ttl_s and key not in self._loading:
                    refresh = asyncio.create_task(self._load(key, load, *self._claim(key)))
                    self._refreshing.add(refresh)
                    refresh.add_done_callback(self._refreshing.discard)
                    refresh.add_done_callback(_log_failure)
                return held[1]
            if key not in self._loading:
                break
            value = await asyncio.shield(self._loading[key])
            if self._acceptable(key, value):
                return value
        return await self._load(key, load, *self._claim(key))

    def _acceptable(self, key: str, value: Value) -> bool:
        wanted = self._wanted.get(key, 0)
        return wanted == 0 or (value is not None and value.get("version", 0) >= wanted)

    async def _checked(self, key: str) -> dict[str, Any] | None:
        """The board, read whole only when its version differs from the one held."""
        held = self._held.get(key)
        if held is not None and held[1] is not None and await self._boards.board_version(key) == held[1]["version"]:
            return held[1]
        return await self._boards.board(key)

    def _claim(self, key: str) -> tuple[asyncio.Future[Value], float, int]:
        """Registers the read at once (before its task runs): one read per key at a time."""
        loading = asyncio.get_running_loop().create_future()
        self._loading[key] = loading
        return loading, self._clock(), self._forgotten

    async def _load(self, key: str, load: Load, loading: asyncio.Future[Value], read_at: float,
                    forgotten: int) -> Value:
        try:
            value = await load()
        except BaseException as error:
            loading.set_exception(error)
            loading.exception()  # retrieved here: no "never retrieved" warning when nobody else waited
            raise
        finally:
            self._loading.pop(key, None)
        if self._ttl_s > 0 and forgotten == self._forgotten:
            self._held[key] = (read_at, value)
            self._held.move_to_end(key)
            if len(self._held) > self._entries:
                self._held.popitem(last=False)
        loading.set_result(value)
        return value


def _log_failure(refresh: asyncio.Task[Any]) -> None:
    if not refresh.cancelled() and refresh.exception() is not None:
        log.warning("refreshing a cached board failed; the last one is served until a refresh succeeds",
                    exc_info=refresh.exception())
