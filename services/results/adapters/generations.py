"""Which generation of the read models is live. Generation 0 lives in the results database itself;
generation N > 0 in ``<results database>_g<N>``, written by the consumer group ``<group>-g<N>``. The
pointer is one document in the results database, so every reader and a restarted service agree."""

from datetime import UTC, datetime
from typing import Any, TypeVar

from pymongo import AsyncMongoClient

from shared.durability import deciding
from shared.settings import CommonSettings

SERVICE = "results"
POINTER = {"_id": "active"}
S = TypeVar("S", bound=CommonSettings)


def database_of(settings: CommonSettings, generation: int) -> str:
    base = settings.database_name(SERVICE)
    return base if generation == 0 else f"{base}_g{generation}"


def settings_of(settings: S, generation: int) -> S:
    """The settings whose consumer groups are this generation's."""
    if generation == 0:
        return settings
    return settings.model_copy(update={"consumer_group_suffix": f"{settings.consumer_group_suffix}-g{generation}"})


class MongoGenerationPointer:
    def __init__(self, client: AsyncMongoClient[Any], settings: CommonSettings) -> None:
        self.client, self.settings = client, settings
        self.home = deciding(client[settings.database_name(SERVICE)]["generation"])

    async def active(self) -> int:
        doc = await self.home.find_one(POINTER)
        return int(doc["generation"]) if doc else 0

    async def activate(self, generation: int) -> None:
        await self.home.update_one(POINTER, {"$set": {"generation": generation,
                                                      "switched_at": datetime.now(UTC)}}, upsert=True)

    async def attempted(self) -> int:
        """The highest generation number a rebuild ever started."""
        doc = await self.home.find_one({"_id": "attempts"})
        return int(doc["last"]) if doc else 0

    async def record_attempt(self, generation: int) -> None:
        await self.home.update_one({"_id": "attempts"}, {"$max": {"last": generation}}, upsert=True)

    async def discard(self, generation: int) -> None:
        await self.client.drop_database(database_of(self.settings, generation))
