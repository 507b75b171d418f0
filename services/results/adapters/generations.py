"""Which generation of the read models is live. Generation 0 lives in the results database itself;
generation N > 0 in ``<results database>_g<N>``, written by the consumer group ``<group>-g<N>``. The
pointer is one document in the results database, so every reader and a restarted service agree."""

from datetime import datetime, timezone

from pymongo.asynchronous.database import AsyncDatabase

from shared.settings import Settings

SERVICE = "results"
POINTER = {"_id": "active"}


def database_of(settings: Settings, generation: int) -> str:
    base = settings.database_name(SERVICE)
    return base if generation == 0 else f"{base}_g{generation}"


def settings_of(settings: Settings, generation: int) -> Settings:
    """The settings whose consumer groups are this generation's."""
    if generation == 0:
        return settings
    return settings.model_copy(update={"consumer_group_suffix": f"{settings.consumer_group_suffix}-g{generation}"})


async def active(home: AsyncDatabase) -> int:
    doc = await home["generation"].find_one(POINTER)
    return int(doc["generation"]) if doc else 0


async def activate(home: AsyncDatabase, generation: int) -> None:
    await home["generation"].update_one(POINTER, {"$set": {"generation": generation,
                                                           "switched_at": datetime.now(timezone.utc)}},
                                        upsert=True)


async def attempted(home: AsyncDatabase) -> int:
    """The highest generation number a rebuild ever started."""
    doc = await home["generation"].find_one({"_id": "attempts"})
    return int(doc["last"]) if doc else 0


async def record_attempt(home: AsyncDatabase, generation: int) -> None:
    await home["generation"].update_one({"_id": "attempts"}, {"$max": {"last": generation}}, upsert=True)
