"""MongoDB connections through PyMongo's native asyncio client (``AsyncMongoClient``).

Motor reached end of life on 14 May 2026; ``AsyncMongoClient`` is its successor with the same shape.
"""

import asyncio
from collections.abc import AsyncIterable, Iterable
from typing import Any, Protocol

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from shared.database_metrics import CommandTimings
from shared.settings import CommonSettings

Document = dict[str, Any]
"""A document as the services read and write it (the client's default document class)."""


def connect(settings: CommonSettings, service: str) -> AsyncMongoClient[Document]:
    return AsyncMongoClient(
        settings.mongodb_uri,
        appname=f"awards-{service}",
        serverSelectionTimeoutMS=5_000,
        tz_aware=True,
        event_listeners=[CommandTimings(service)],
    )


def database(client: AsyncMongoClient[Document], settings: CommonSettings, service: str) -> AsyncDatabase[Document]:
    return client[settings.database_name(service)]


async def ping(client: AsyncMongoClient[Document]) -> None:
    await client.admin.command("ping")


# The longest `_id $in` list FerretDB narrows through the `_id` index (infra/ferretdb, patch 0003): one id
# more and it reads the whole collection (measured: 31 ms → 2,588 ms on 60,000 documents; a batch of 500
# nominations asks for ~1,500 nominee keys). MongoDB does not mind either way.
ID_LIST_MAX = 1000


def id_lists(ids: Iterable[Any]) -> list[list[Any]]:
    """``ids`` in lists of at most ``ID_LIST_MAX``; none empty (FerretDB does not narrow an empty ``$in``
    either and reads the whole collection: 218 ms a call on 10,000 documents)."""
    wanted = list(ids)
    return [wanted[start:start + ID_LIST_MAX] for start in range(0, len(wanted), ID_LIST_MAX)]


class Finds(Protocol):
    """What ``by_ids`` needs of a collection: its ``find`` (a collection, or a wrapper that passes it on)."""

    def find(self, *args: Any, **kwargs: Any) -> AsyncIterable[Document]: ...


async def by_ids(collection: Finds, ids: Iterable[Any], projection: dict[str, Any] | None = None
                 ) -> list[Document]:
    """The documents whose ``_id`` is among ``ids``: one ``_id $in`` query per list of ``id_lists``, at once."""
    async def one(wanted: list[Any]) -> list[Document]:
        return [doc async for doc in collection.find({"_id": {"$in": wanted}}, projection)]

    return [doc for found in await asyncio.gather(*map(one, id_lists(ids))) for doc in found]


DUPLICATE_KEY = 11000


def duplicates_refused(error: BulkWriteError) -> list[int]:
    """The indexes of the operations an unordered bulk write refused for a duplicate key (for our writes,
    "already there" or "already newer"); re-raises ``error`` if it refused anything else."""
    details = error.details or {}
    refusals = details.get("writeErrors", [])
    if details.get("writeConcernErrors") or any(refusal.get("code") != DUPLICATE_KEY for refusal in refusals):
        raise error
    return [refusal["index"] for refusal in refusals]
