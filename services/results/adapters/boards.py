"""Leaderboards, tables and the edition's finalisation state. A board or table document is replaced
whole, with a version, so a reader never sees a half-updated leaderboard."""

from datetime import datetime, timezone
from typing import Any, NamedTuple

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError


class Stored(NamedTuple):
    version: int
    changed: bool


class MongoBoards:
    def __init__(self, db: AsyncDatabase) -> None:
        self.boards = db["leaderboards"]
        self.editions = db["editions_state"]
        self.late = db["late_events"]
        self._known: dict[str, tuple[int, tuple[list[dict[str, Any]], dict[str, Any]]]] = {}

    async def prepare(self) -> None:
        await self.boards.create_index([("edition_id", 1), ("kind", 1)])
        await self.late.create_index("edition_id")

    async def replace(self, key: str, kind: str, edition_id: str, rows: list[dict[str, Any]],
                      **extra: Any) -> Stored:
        """Stores the board if its rows or extra fields changed; a board stored again unchanged keeps
        its version (readers and the live page see no new version).

        What this process last stored or read of each board is remembered, so a round neither reads
        a whole board back to compare nor, when nothing changed, writes: a change is written only over
        the version remembered, and when another instance moved the board meanwhile, the stored board
        is read and compared as it is."""
        known = self._known.get(key)
        if known is not None:
            if known[1] == (rows, extra):
                return Stored(known[0], changed=False)
            written = await self.boards.replace_one({"_id": key, "version": known[0]},
                                                    self._document(kind, edition_id, rows, known[0] + 1, extra))
            if written.matched_count:
                return self._remember(key, known[0] + 1, rows, extra, changed=True)
        current = await self.boards.find_one({"_id": key}, {"rows": 1, "version": 1, **{k: 1 for k in extra}})
        if current is not None and current["rows"] == rows and all(current.get(k) == v for k, v in extra.items()):
            return self._remember(key, current["version"], rows, extra, changed=False)
        version = (current or {}).get("version", 0) + 1
        await self.boards.replace_one({"_id": key}, self._document(kind, edition_id, rows, version, extra),
                                      upsert=True)
        return self._remember(key, version, rows, extra, changed=True)

    def _remember(self, key: str, version: int, rows: list[dict[str, Any]], extra: dict[str, Any],
                  changed: bool) -> Stored:
        self._known[key] = (version, (rows, extra))
        return Stored(version, changed)

    @staticmethod
    def _document(kind: str, edition_id: str, rows: list[dict[str, Any]], version: int,
                  extra: dict[str, Any]) -> dict[str, Any]:
        return {"kind": kind, "edition_id": edition_id, "rows": rows, "version": version,
                "updated_at": datetime.now(timezone.utc), **extra}

    async def board(self, key: str) -> dict[str, Any] | None:
        return await self.boards.find_one({"_id": key})

    async def board_version(self, key: str) -> int | None:
        doc = await self.boards.find_one({"_id": key}, {"version": 1})
        return doc["version"] if doc else None

    async def boards_of(self, edition_id: str, kind: str) -> list[dict[str, Any]]:
        return [doc async for doc in self.boards.find({"edition_id": edition_id, "kind": kind}).sort("_id", 1)]

    async def state(self, edition_id: str) -> dict[str, Any] | None:
        return await self.editions.find_one({"_id": edition_id})

    async def begin_finalisation(self, edition_id: str, winners: list[dict[str, Any]], at: datetime,
                                 forced_because: str | None) -> dict[str, Any]:
        """Records the winners once; a second call gets the first record back."""
        try:
            await self.editions.insert_one({"_id": edition_id, "winners": winners, "finalised_at": at,
                                            "forced_because": forced_because, "announced": False})
        except DuplicateKeyError:
            pass
        stored = await self.state(edition_id)
        assert stored is not None
        return stored

    async def finalisations(self) -> list[dict[str, Any]]:
        """Each finalised edition's record, with every board and table it froze."""
        found = []
        async for record in self.editions.find({}):
            found.append({"record": record,
                          "boards": [doc async for doc in self.boards.find({"edition_id": record["_id"]})]})
        return found

    async def restore(self, finalisation: dict[str, Any]) -> None:
        """Writes another generation's finalisation record and frozen boards here, as they are."""
        for board in finalisation["boards"]:
            self._known.pop(board["_id"], None)
            await self.boards.replace_one({"_id": board["_id"]}, board, upsert=True)
        record = finalisation["record"]
        await self.editions.replace_one({"_id": record["_id"]}, record, upsert=True)

    async def mark_announced(self, edition_id: str) -> None:
        await self.editions.update_one({"_id": edition_id}, {"$set": {"announced": True}})

    async def record_late(self, event_id: str, edition_id: str, nomination_id: str, kind: str) -> None:
        await self.late.update_one({"_id": event_id}, {"$set": {
            "edition_id": edition_id, "nomination_id": nomination_id, "kind": kind,
            "received_at": datetime.now(timezone.utc)}}, upsert=True)

    async def late_events(self, edition_id: str) -> list[dict[str, Any]]:
        return [doc async for doc in self.late.find({"edition_id": edition_id}, {"_id": 1, "nomination_id": 1,
                                                                                 "kind": 1, "received_at": 1})]
