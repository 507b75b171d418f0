"""The nomination registry in MongoDB: one document per nomination id, written once."""

from datetime import datetime, timezone

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.events.nomination import NominationSubmitted, RejectionReason

from ..domain.model import Nomination


class MongoNominationRegistry:
    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["nominations"]

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


def _to_document(n: Nomination) -> dict:
    return {
        "_id": n.id,
        "submitted_by": n.submitted_by,
        "submitted_at": n.submitted_at,
        "submission": n.submission.model_dump(mode="json"),
        "status": n.status,
        "reasons": [r.model_dump() for r in n.reasons],
        "recorded_at": datetime.now(timezone.utc),
    }


def _from_document(doc: dict) -> Nomination:
    return Nomination(
        id=doc["_id"],
        submitted_by=doc["submitted_by"],
        submitted_at=doc["submitted_at"],
        submission=NominationSubmitted.model_validate(doc["submission"]),
        reasons=[RejectionReason.model_validate(r) for r in doc["reasons"]],
    )
