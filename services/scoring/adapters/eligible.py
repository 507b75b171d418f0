"""Eligible nominations in the scoring service's own database."""

from pymongo.asynchronous.database import AsyncDatabase

from shared.events.nomination import NominationAccepted


class MongoEligibleNominations:
    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["eligible_nominations"]

    async def prepare(self) -> None:
        await self.collection.create_index([("edition_id", 1), ("category", 1)])

    async def admit(self, nomination: NominationAccepted) -> None:
        doc = nomination.model_dump(mode="json")
        await self.collection.update_one(
            {"_id": nomination.nomination_id}, {"$setOnInsert": doc}, upsert=True
        )
