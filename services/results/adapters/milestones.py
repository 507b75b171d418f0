"""What the results service last told about each category, with the events it still has to publish
(an outbox in the category's own document: recorded first, published second, cleared third)."""

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase


class MongoMilestones:
    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["milestones"]

    async def get(self, key: str) -> dict[str, Any]:
        return await self.collection.find_one({"_id": key}) or {"_id": key, "podium": [], "change": 0,
                                                                "fully_scored": False, "outbox": []}

    async def record(self, key: str, podium: list[str], change: int, fully_scored: bool,
                     outbox: list[dict[str, Any]]) -> None:
        await self.collection.update_one({"_id": key}, {"$set": {
            "podium": podium, "change": change, "fully_scored": fully_scored, "outbox": outbox}}, upsert=True)

    async def clear_outbox(self, key: str) -> None:
        await self.collection.update_one({"_id": key}, {"$set": {"outbox": []}})

    async def with_outbox(self) -> list[dict[str, Any]]:
        return [doc async for doc in self.collection.find({"outbox.0": {"$exists": True}})]
