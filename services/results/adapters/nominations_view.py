"""The nominations read model: one document per nomination, written by bulk upserts (one per batch of events)."""

import re
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from shared.guarded import apply_all_if_newer, if_newer
from shared.names import normalise_arabic, normalise_latin
from shared.owned_documents import OwnedDocuments, Ownership

from ..domain.leaderboard import BOARD_FIELDS


class MongoNominationsView:
    def __init__(self, db: AsyncDatabase, ownership: Ownership) -> None:
        # Screenings and standings arrive on two consumers, each writing its own fields of a nomination's
        # document (the database applies each write to a document atomically); the board rounds read whole
        # editions, only the fields they use, from memory while this process is the view's only writer.
        self.collection = OwnedDocuments(db["nominations_view"], ownership, fields=BOARD_FIELDS)

    async def prepare(self) -> None:
        await self.collection.create_index([("edition_id", 1), ("category", 1), ("standing", -1)])
        await self.collection.create_index([("country", 1), ("status", 1)])
        await self.collection.create_index([("edition_id", 1), ("sector", 1)])

    async def apply_screenings(self, screenings: dict[str, dict[str, Any]]) -> None:
        """``{nomination id: fields}`` in one bulk write."""
        if screenings:
            await self.collection.bulk_update({nomination_id: UpdateOne({"_id": nomination_id}, {"$set": fields},
                                                                        upsert=True)
                                               for nomination_id, fields in screenings.items()})

    async def apply_standings(self, standings: dict[str, tuple[int, dict[str, Any]]]) -> None:
        """``{nomination id: (version, fields)}`` in one bulk write; each applies unless a standing of the
        same or a higher version is stored already."""
        await apply_all_if_newer(self.collection, {
            nomination_id: if_newer(nomination_id, "standing_version", version, {"$set": fields})
            for nomination_id, (version, fields) in standings.items()})

    async def get(self, nomination_id: str) -> dict[str, Any] | None:
        doc = await self.collection.find_one({"_id": nomination_id})
        return _public(doc) if doc else None

    async def search(self, fields: dict[str, str], text: str | None, limit: int, offset: int) -> list[dict[str, Any]]:
        filters: dict[str, Any] = dict(fields) | (search_filter(text) if text is not None else {})
        cursor = self.collection.find(filters).sort("_id", 1).skip(offset).limit(limit)
        return [_public(doc) async for doc in cursor]

    async def of_edition(self, edition_id: str) -> list[dict[str, Any]]:
        """Every nomination of an edition with the fields the boards read, as kept in memory: not copied (a
        round reads every one; copies of 20,000 such documents hold 9.5 MB, measured with tracemalloc,
        though the burst's peak RSS did not move measurably); only a document its screening has not named
        yet (stored by an older version, or a standing that came first) is given its ``nomination_id``."""
        return [doc if "nomination_id" in doc else {**doc, "nomination_id": doc["_id"]}
                for doc in await self.collection.matching({"edition_id": edition_id})]

    async def edition_ids(self) -> list[str]:
        return list(await self.collection.distinct("edition_id"))


def search_filter(text: str) -> dict[str, Any]:
    """Names containing ``text``, compared in the search keys' normal form on both sides."""
    clauses = [{"search_ar": {"$regex": re.escape(normalise_arabic(text))}}]
    if latin := normalise_latin(text):
        clauses.append({"search_en": {"$regex": re.escape(latin)}})
    return {"$or": clauses}


def _public(doc: dict[str, Any]) -> dict[str, Any]:
    doc = dict(doc)
    doc["nomination_id"] = doc.pop("_id")
    return doc

