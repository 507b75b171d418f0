"""Notices waiting for their subscriber's daily digest. One document per (event, subscription): a
redelivered event stores nothing new."""

from datetime import date
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from shared.mongo import id_lists


class MongoDigestItems:
    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["digest_items"]

    async def prepare(self) -> None:
        await self.collection.create_index([("sent", 1), ("subscription_id", 1), ("day", 1)])

    async def keep(self, item_id: str, subscription_id: str, day: date, **facts: Any) -> None:
        await self.collection.update_one({"_id": item_id}, {"$setOnInsert": {
            "subscription_id": subscription_id, "day": day.isoformat(), "sent": False, **facts}}, upsert=True)

    async def waiting(self, subscription_id: str | None = None) -> list[dict[str, Any]]:
        query: dict[str, Any] = {"sent": False}
        if subscription_id is not None:
            query["subscription_id"] = subscription_id
        return [doc async for doc in self.collection.find(query).sort([("day", 1), ("_id", 1)])]

    async def mark_sent(self, item_ids: list[str]) -> None:
        for chunk in id_lists(item_ids):
            await self.collection.update_many({"_id": {"$in": chunk}}, {"$set": {"sent": True}})
