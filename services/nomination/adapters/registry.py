"""The nomination registry in MongoDB: one document per nomination id, written once."""

from datetime import datetime, timezone
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from shared.document_locks import SerialisedWrites

from shared.events.nomination import NominationSubmitted, RejectionReason

from ..domain.model import Nomination


class MongoNominationRegistry:
    def __init__(self, db: AsyncDatabase) -> None:
        # Nominators of one accepted nomination are counted from several partitions (see DocumentLocks).
        self.collection = SerialisedWrites(db["nominations"])

    async def prepare(self) -> None:
        await self.collection.create_index([("status", 1), ("submitted_at", 1)])

    async def get(self, nomination_id: str) -> Nomination | None:
        doc = await self.collection.find_one({"_id": nomination_id})
        return _from_document(doc) if doc else None

    async def add(self, nomination: Nomination) -> Nomination:
        try:
            await self.collection.insert_one(_to_document(nomination))
        except DuplicateKeyError:
            stored = await self.get(nomination.id)
            assert stored is not None
            return stored
        return nomination

    async def count_nominator(self, nomination_id: str, nominator: str) -> None:
        await self.collection.update_one({"_id": nomination_id}, {"$addToSet": {"nominators": nominator}})


DUPLICATE_KEY = 11000


class MongoNomineeIndex:
    """Accepted nominees by duplicate key; the unique ``_id`` makes a claim atomic."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["nominee_index"]

    async def holders(self, keys: Any) -> dict[str, str]:
        cursor = self.collection.find({"_id": {"$in": list(keys)}})
        return {doc["_id"]: doc["nomination_id"] async for doc in cursor}

    async def claim(self, key: str, nomination_id: str) -> str:
        try:
            await self.collection.insert_one({"_id": key, "nomination_id": nomination_id})
        except DuplicateKeyError:
            held = await self.collection.find_one({"_id": key})
            assert held is not None
            return held["nomination_id"]
        return nomination_id

    async def hold(self, keys: Any, nomination_id: str) -> None:
        documents = [{"_id": key, "nomination_id": nomination_id} for key in keys]
        if not documents:
            return
        try:
            await self.collection.insert_many(documents, ordered=False)
        except BulkWriteError as refused:
            if any(error["code"] != DUPLICATE_KEY for error in refused.details["writeErrors"]):
                raise


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
        "recorded_at": datetime.now(timezone.utc),
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
