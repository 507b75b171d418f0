"""MongoDB connections through PyMongo's native asyncio client (``AsyncMongoClient``).

Motor reached end of life on 14 May 2026; ``AsyncMongoClient`` is its successor with the same shape.
"""

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from shared.database_metrics import CommandTimings
from shared.settings import Settings


def connect(settings: Settings, service: str) -> AsyncMongoClient:
    return AsyncMongoClient(
        settings.mongodb_uri,
        appname=f"awards-{service}",
        serverSelectionTimeoutMS=5_000,
        tz_aware=True,
        event_listeners=[CommandTimings(service)],
    )


def database(client: AsyncMongoClient, settings: Settings, service: str) -> AsyncDatabase:
    return client[settings.database_name(service)]


async def ping(client: AsyncMongoClient) -> None:
    await client.admin.command("ping")
