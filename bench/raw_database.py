"""L3, raw database: the read model's writes without the services. PyMongo's ``AsyncMongoClient``
sends version-guarded upserts (the filter and duplicate-key handling of shared/guarded.py) with
``bulk_write(ordered=False)``: first in batches of 500 into an empty collection until it holds as many
documents as L4's read model ends with (each upsert creates its document), then a newer version of
each (each guarded update applies, as a new standing does).

The FerretDB the project builds carries two patches (infra/ferretdb_build.py) for limits of v1.24 that
this step found: an update command of 100 statements matching documents hung the server, and an unordered
batch stopped at its first refused write. ``probe_unordered_refusals`` records what the server in use does
with a refused write inside an unordered batch (MongoDB: the others still apply, index 1 reported).
"""

import time
import uuid
from typing import Any

from pymongo import AsyncMongoClient, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

from shared.guarded import if_newer
from shared.mongo import Document, duplicates_refused

BATCH = 500
TIMEOUT_MS = 120_000  # a server that stops answering fails the bench instead of hanging it
GUARD = "standing_version"


def guarded_upsert(document_id: str, version: int, fields: dict[str, Any]) -> UpdateOne:
    """The services' own version-guarded upsert, the very filter and update they send."""
    return if_newer(document_id, GUARD, version, {"$set": fields})


async def write_all(collection: AsyncCollection[Document], documents: list[tuple[str, dict[str, Any]]], version: int,
                    batch_size: int = BATCH) -> dict[str, int]:
    """Applied and refused (already as new) writes; any other error is a failure of the bench."""
    applied = refused = 0
    for start in range(0, len(documents), batch_size):
        batch = [guarded_upsert(i, version, fields) for i, fields in documents[start:start + batch_size]]
        try:
            result = await collection.bulk_write(batch, ordered=False)
            applied += result.upserted_count + result.modified_count
        except BulkWriteError as error:
            refused += len(duplicates_refused(error))
            applied += error.details["nUpserted"] + error.details["nModified"]
    return {"applied": applied, "refused": refused}


async def probe_unordered_refusals(mongodb_uri: str) -> dict[str, Any]:
    """One unordered update command of three guarded upserts whose middle one is stale: MongoDB applies
    the other two and reports index 1; what does this server do?"""
    client: AsyncMongoClient = AsyncMongoClient(mongodb_uri, timeoutMS=TIMEOUT_MS)
    database = client[f"benchprobe{uuid.uuid4().hex[:8]}"]
    try:
        await database.command({"update": "probe", "updates": [_statement("b", 1)]})
        answer = await database.command({"update": "probe", "ordered": False,
                                         "updates": [_statement(i, 1) for i in ("a", "b", "c")]})
        held = sorted([doc["_id"] async for doc in database["probe"].find({}, {"_id": 1})])
    finally:
        await client.drop_database(database.name)
        await client.close()
    errors = answer.get("writeErrors", [])
    return {"answer": {k: v for k, v in answer.items() if k != "ok"}, "held": held,
            "honours_unordered": held == ["a", "b", "c"] and [e["index"] for e in errors] == [1]
                                 and "nModified" in answer}


def _statement(document_id: str, version: int) -> dict[str, Any]:
    return {"q": {"_id": document_id, "$or": [{GUARD: {"$lt": version}}, {GUARD: {"$exists": False}}]},
            "u": {"$set": {GUARD: version}}, "upsert": True}


async def measure(mongodb_uri: str, documents: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    client: AsyncMongoClient = AsyncMongoClient(mongodb_uri, tz_aware=True, timeoutMS=TIMEOUT_MS)
    database = f"benchraw{uuid.uuid4().hex[:8]}"
    collection = client[database]["nominations_view"]
    try:
        started = time.monotonic()
        created = await write_all(collection, documents, version=1)
        created_at = time.monotonic()
        updated = await write_all(collection, documents, version=2, batch_size=BATCH)
        updated_at = time.monotonic()
        held = await collection.count_documents({GUARD: 2})
    finally:
        await client.drop_database(database)
        await client.close()
    return {"documents": len(documents), "batch": BATCH, "seconds": created_at - started,
            "per_s": len(documents) / (created_at - started),
            "update_seconds": updated_at - created_at, "update_per_s": len(documents) / (updated_at - created_at),
            "created": created, "updated": updated, "held_at_version_2": held}
