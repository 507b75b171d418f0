"""Leaderboards, tables and the edition's finalisation state.

A board is stored as a head (version, pages, the board's own fields) and its rows in pages of
``PAGE_ROWS`` (collection ``board_pages``). A page is never changed once written: a new version writes
only the pages whose rows changed, under new ids, then replaces the head, which is the one switch, so a
reader never sees a half-updated board; the pages the head stopped naming are deleted after it (a reader
that read the old head and then misses one of its pages reads the head again). A board of thousands of
rows stored whole cost FerretDB 179 ms to replace and 128 ms to read (1,500 rows), and was rewritten
every round while new nominations only changed its last page."""

import uuid
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any, NamedTuple

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.durability import deciding
from shared.guarded import replace_if_version
from shared.mongo import by_ids

from ..service_layer.ports import Elsewhere, Stored

PAGE_ROWS = 100
READ_ATTEMPTS = 5
WRITE_ATTEMPTS = 5  # each after another instance moved the board between this one's read and write


class Known(NamedTuple):
    """A board as this process last stored or read it."""

    version: int
    rows: list[dict[str, Any]]
    extra: dict[str, Any]
    pages: list[str]


class MongoBoards:
    def __init__(self, db: AsyncDatabase) -> None:
        self.boards = db["leaderboards"]
        self.pages = db["board_pages"]
        self.editions = deciding(db["editions_state"])
        self.late = db["late_events"]
        self._known: dict[str, Known] = {}
        self._swept: set[str] = set()  # boards whose stray pages this process has deleted once
        self._seen: dict[str, int] | None = None  # each head's version at the last look (changes_elsewhere)
        self._written: dict[str, int] = {}  # the last version of each board this process wrote
        self._announced: set[str] = set()

    async def prepare(self) -> None:
        await self.boards.create_index([("edition_id", 1), ("kind", 1)])
        await self.pages.create_index("board")
        await self.late.create_index("edition_id")

    async def replace(self, key: str, kind: str, edition_id: str, rows: list[dict[str, Any]],
                      **extra: Any) -> Stored:
        """Stores the board if its rows or extra fields changed; a board stored again unchanged keeps
        its version (readers and the live page see no new version).

        What this process last stored or read of each board is remembered, so a round neither reads
        a whole board back to compare nor, when nothing changed, writes: a change is written only over
        the version remembered, and when another instance moved the board meanwhile, the stored board
        is read and compared as it is."""
        head = {"kind": kind, "edition_id": edition_id, **extra}
        known = self._known.get(key)
        if known is not None:
            if (known.rows, known.extra) == (rows, extra):
                return Stored(known.version, changed=False)
            if await self._write(key, head, rows, known.version + 1, known, over=known.version):
                return Stored(known.version + 1, changed=True)
        for _ in range(WRITE_ATTEMPTS):
            current = await self._read(key)
            if current is not None and current["rows"] == rows and all(current.get(k) == v for k, v in extra.items()):
                self._known[key] = Known(current["version"], rows, extra, current["pages"])
                return Stored(current["version"], changed=False)
            over = None if current is None else int(current["version"])
            stored = None if current is None else Known(current["version"], current["rows"], {}, current["pages"])
            if await self._write(key, head, rows, (over or 0) + 1, stored, over):
                return Stored((over or 0) + 1, changed=True)
        raise RuntimeError(f"board {key} kept changing while it was written ({WRITE_ATTEMPTS} attempts)")

    async def _write(self, key: str, head: dict[str, Any], rows: list[dict[str, Any]], version: int,
                     stored: Known | None, over: int | None) -> bool:
        """Writes the pages whose rows differ from ``stored``'s, then the head, only over version ``over``
        (None: only where there is no head), as shared/guarded.py's ``replace_if_version`` does: False,
        and nothing left behind, when another instance moved or created it first; then the pages the
        head stopped naming are deleted, and the first time this process writes the board, every page
        of it the head does not name up to this version (what a crash between the two steps left)."""
        ids, fresh, written, token = [], [], [], uuid.uuid4().hex[:8]  # two processes may write one version
        for n, start in enumerate(range(0, len(rows), PAGE_ROWS)):
            chunk = rows[start:start + PAGE_ROWS]
            if stored is not None and n < len(stored.pages) and stored.rows[start:start + PAGE_ROWS] == chunk:
                ids.append(stored.pages[n])
            else:
                ids.append(f"{key}|{n}|{version}|{token}")
                fresh.append(ids[-1])
                written.append({"_id": ids[-1], "board": key, "rows": chunk})
        if written:
            await self.pages.insert_many(written, ordered=False)
        document = {"updated_at": datetime.now(UTC), **head, "version": version, "pages": ids}
        if not await replace_if_version(self.boards, key, over, document):
            await self.pages.delete_many({"_id": {"$in": fresh}})
            return False
        if key in self._swept:
            if retired := [page for page in stored.pages if page not in ids] if stored else []:
                await self.pages.delete_many({"_id": {"$in": retired}})
        else:  # once per process: also what a crash between pages and head left
            stray = [doc["_id"] async for doc in self.pages.find({"board": key, "_id": {"$nin": ids}}, {"_id": 1})]
            # Only pages up to this version (one written for it by another process lost to this write):
            # another process may have written the next version's pages and be about to switch the head.
            if older := [page for page in stray if _page_version(page) <= version]:
                await self.pages.delete_many({"_id": {"$in": older}})
            self._swept.add(key)
        own = {k: v for k, v in head.items() if k not in ("kind", "edition_id", "updated_at")}
        self._known[key] = Known(version, rows, own, ids)
        self._written[key] = version
        return True

    async def _read(self, key: str) -> dict[str, Any] | None:
        """The board as stored, with its rows; ``pages`` lists its page ids (none for a board stored
        whole, in one document without pages)."""
        for _ in range(READ_ATTEMPTS):
            head = await self.boards.find_one({"_id": key})
            if head is None or "pages" not in head:
                return None if head is None else {**head, "pages": []}
            found = {page["_id"]: page["rows"] for page in await by_ids(self.pages, head["pages"])}
            if all(page in found for page in head["pages"]):
                return {**head, "rows": [row for page in head["pages"] for row in found[page]]}
        raise RuntimeError(f"board {key} kept changing while it was read ({READ_ATTEMPTS} attempts)")

    async def changes_elsewhere(self) -> Elsewhere:
        """What other processes wrote since the last call: a notice per leaderboard whose version is above
        the one seen at the last call and is not one this process wrote, and per edition another process
        announced, and the editions any of whose boards they wrote. Such a board is forgotten as known when
        this process knew an older version (the next ``replace`` reads it). The first call only looks: it
        reports nothing."""
        heads = [doc async for doc in self.boards.find({}, {"version": 1, "edition_id": 1, "kind": 1, "category": 1})]
        announced = {doc["_id"] async for doc in self.editions.find({"announced": True}, {"_id": 1})}
        first, seen = self._seen is None, self._seen or {}
        self._seen = {doc["_id"]: int(doc.get("version", 0)) for doc in heads}
        found, self._announced = announced - self._announced, self._announced | announced
        if first:
            return Elsewhere([], set())
        notices: list[dict[str, Any]] = [{"edition_id": edition_id, "winners": True} for edition_id in sorted(found)]
        editions: set[str] = set()
        for doc in heads:
            version = self._seen[doc["_id"]]
            if version <= seen.get(doc["_id"], 0) or version == self._written.get(doc["_id"]):
                continue  # seen before, or this process's own write
            if (known := self._known.get(doc["_id"])) is not None and known.version < version:
                del self._known[doc["_id"]]
            editions.add(doc["edition_id"])
            if doc.get("kind") == "leaderboard":
                notices.append({"edition_id": doc["edition_id"], "category": doc["category"], "version": version})
        return Elsewhere(notices, editions)

    def announced(self, edition_id: str) -> None:
        """This process announced the edition: not a change made elsewhere."""
        self._announced.add(edition_id)

    async def board(self, key: str) -> dict[str, Any] | None:
        stored = await self._read(key)
        if stored is not None:
            del stored["pages"]
        return stored

    async def board_version(self, key: str) -> int | None:
        doc = await self.boards.find_one({"_id": key}, {"version": 1})
        return doc["version"] if doc else None

    async def boards_of(self, edition_id: str, kind: str) -> list[dict[str, Any]]:
        found = self.boards.find({"edition_id": edition_id, "kind": kind}, {"_id": 1}).sort("_id", 1)
        keys = [doc["_id"] async for doc in found]
        return [board for board in [await self.board(key) for key in keys] if board is not None]

    async def state(self, edition_id: str) -> dict[str, Any] | None:
        return await self.editions.find_one({"_id": edition_id})

    async def begin_finalisation(self, edition_id: str, winners: list[dict[str, Any]], at: datetime,
                                 forced_because: str | None) -> dict[str, Any]:
        """Records the winners once; a second call gets the first record back."""
        with suppress(DuplicateKeyError):
            await self.editions.insert_one({"_id": edition_id, "winners": winners, "finalised_at": at,
                                            "forced_because": forced_because, "announced": False})
        stored = await self.state(edition_id)
        assert stored is not None
        return stored

    async def finalisations(self) -> list[dict[str, Any]]:
        """Each finalised edition's record, with every board and table it froze (rows included)."""
        found = []
        async for record in self.editions.find({}):
            keys = [doc["_id"] async for doc in self.boards.find({"edition_id": record["_id"]}, {"_id": 1})]
            boards = [board for board in [await self.board(key) for key in keys] if board is not None]
            found.append({"record": record, "boards": boards})
        return found

    async def restore(self, finalisation: dict[str, Any]) -> None:
        """Writes another generation's finalisation record and frozen boards here, as they were."""
        for board in finalisation["boards"]:
            self._known.pop(board["_id"], None)
            self._swept.discard(board["_id"])
            head = {k: v for k, v in board.items() if k not in ("_id", "rows", "version", "updated_at")}
            for _ in range(WRITE_ATTEMPTS):  # over whatever version this generation's rounds left
                stored = await self.board_version(board["_id"])
                if await self._write(board["_id"], head, board["rows"], board["version"], None, stored):
                    break
            else:
                raise RuntimeError(f"board {board['_id']} kept changing while it was restored")
        record = finalisation["record"]
        await self.editions.replace_one({"_id": record["_id"]}, record, upsert=True)

    async def mark_announced(self, edition_id: str) -> None:
        await self.editions.update_one({"_id": edition_id}, {"$set": {"announced": True}})

    async def record_late(self, event_id: str, edition_id: str, nomination_id: str, kind: str) -> None:
        await self.late.update_one({"_id": event_id}, {"$set": {
            "edition_id": edition_id, "nomination_id": nomination_id, "kind": kind,
            "received_at": datetime.now(UTC)}}, upsert=True)

    async def late_events(self, edition_id: str) -> list[dict[str, Any]]:
        return [doc async for doc in self.late.find({"edition_id": edition_id}, {"_id": 1, "nomination_id": 1,
                                                                                 "kind": 1, "received_at": 1})]


def _page_version(page_id: str) -> int:
    """The version a page was written for, from its id ``<board>|<n>|<version>|<token>``."""
    return int(page_id.rsplit("|", 3)[2])
