"""The nomination registry in MongoDB: one document per nomination id, written once; and the nominee
index that decides duplicates."""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from shared.durability import deciding
from shared.events.nomination import NominationSubmitted, RejectionReason
from shared.mongo import by_ids, duplicates_refused

from ..domain.model import Nomination


class MongoNominationRegistry:
    def __init__(self, db: AsyncDatabase) -> None:
        # Nominators of one accepted nomination are counted from several partitions: each an atomic $addToSet.
        self.collection = deciding(db["nominations"])

    async def prepare(self) -> None:
        await self.collection.create_index([("status", 1), ("submitted_at", 1)])

    async def get(self, nomination_id: str) -> Nomination | None:
        doc = await self.collection.find_one({"_id": nomination_id})
        return _from_document(doc) if doc else None

    async def get_many(self, nomination_ids: Iterable[str]) -> dict[str, Nomination]:
        return {doc["_id"]: _from_document(doc) for doc in await by_ids(self.collection, nomination_ids)}

    async def add_many(self, nominations: list[Nomination]) -> dict[str, Nomination]:
        added = {nomination.id: nomination for nomination in nominations}
        refused = await _insert_unless_present(self.collection, [_to_document(n) for n in nominations])
        return added | await self.get_many(refused)

    async def count_nominator(self, nomination_id: str, nominator: str) -> None:
        await self.collection.update_one({"_id": nomination_id}, {"$addToSet": {"nominators": nominator}})


class MongoNomineeIndex:
    """Accepted nominees by duplicate key; the unique ``_id`` makes a claim atomic."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = deciding(db["nominee_index"])

    async def holders(self, keys: Iterable[str]) -> dict[str, str]:
        return {doc["_id"]: doc["nomination_id"] for doc in await by_ids(self.collection, keys)}

    async def claim_many(self, claims: dict[str, str]) -> dict[str, str]:
        refused = await _insert_unless_present(self.collection, [{"_id": key, "nomination_id": nomination_id}
                                                                  for key, nomination_id in claims.items()])
        return claims | await self.holders(refused)

    async def hold_many(self, holds: dict[str, str]) -> None:
        await _insert_unless_present(self.collection, [{"_id": key, "nomination_id": nomination_id}
                                                       for key, nomination_id in holds.items()])


async def _insert_unless_present(collection: Any, documents: list[dict[str, Any]]) -> list[Any]:
    """Inserts the documents in one unordered write; answers the ids that were already present."""
    if not documents:
        return []
    try:
        await collection.insert_many(documents, ordered=False)
    except BulkWriteError as refused:
        return [documents[index]["_id"] for index in duplicates_refused(refused)]
    return []


def _to_document(n: Nomination) -> dict[str, Any]:
    return {
        "_id": n.id,
        "submitted_by": n.submitted_by,
        "submitted_at": n.submitted_at,
        "submission": n.submission.model_dump(mode="json"),
        "status": n.status,
        "reasons": [r.model_dump() for r in n.reasons],
        "duplicate_of": n.duplicate_of,
        "nominators": list(n.nominators),
        "recorded_at": datetime.now(UTC),
    }


def _from_document(doc: dict[str, Any]) -> Nomination:
    return Nomination(
        id=doc["_id"],
        submitted_by=doc["submitted_by"],
        submitted_at=doc["submitted_at"],
        submission=NominationSubmitted.model_validate(doc["submission"]),
        reasons=[RejectionReason.model_validate(r) for r in doc["reasons"]],
        duplicate_of=doc.get("duplicate_of"),
        nominators=tuple(doc.get("nominators", ())),
    )
