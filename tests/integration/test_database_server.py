"""What the services and the bench rely on from the MongoDB-protocol server, as MongoDB itself behaves.
Each of these failed on pristine FerretDB v1.24 and holds on the patched build (infra/ferretdb_build.py);
on MongoDB they hold as well."""

import asyncio
import uuid

import pytest
from pymongo import AsyncMongoClient, UpdateOne
from pymongo.errors import BulkWriteError

from shared.guarded import apply_if_newer


def guarded(document_id: str, version: int) -> UpdateOne:
    return UpdateOne({"_id": document_id, "$or": [{"v": {"$lt": version}}, {"v": {"$exists": False}}]},
                     {"$set": {"v": version}}, upsert=True)


async def test_an_unordered_bulk_write_applies_everything_but_the_refused_write(
        mongo_client: AsyncMongoClient) -> None:
    docs = mongo_client[f"server_{uuid.uuid4().hex[:8]}"]["docs"]
    await docs.insert_one({"_id": "b", "v": 5})
    with pytest.raises(BulkWriteError) as refused:
        await docs.bulk_write([guarded("a", 1), guarded("b", 1), guarded("c", 1)], ordered=False)
    details = refused.value.details
    assert [(e["index"], e["code"]) for e in details["writeErrors"]] == [(1, 11000)]
    assert details["nUpserted"] == 2
    assert sorted((u["index"], u["_id"]) for u in details["upserted"]) == [(0, "a"), (2, "c")]
    assert [d async for d in docs.find({}, sort=[("_id", 1)])] == [
        {"_id": "a", "v": 1}, {"_id": "b", "v": 5}, {"_id": "c", "v": 1}]


async def test_an_ordered_bulk_write_stops_at_the_refused_write(mongo_client: AsyncMongoClient) -> None:
    docs = mongo_client[f"server_{uuid.uuid4().hex[:8]}"]["docs"]
    await docs.insert_one({"_id": "b", "v": 5})
    with pytest.raises(BulkWriteError) as refused:
        await docs.bulk_write([guarded("a", 1), guarded("b", 1), guarded("c", 1)], ordered=True)
    assert [e["index"] for e in refused.value.details["writeErrors"]] == [1]
    assert await docs.distinct("_id") == ["a", "b"]


async def test_one_update_command_of_many_statements_that_match_documents_completes(
        mongo_client: AsyncMongoClient) -> None:
    docs = mongo_client[f"server_{uuid.uuid4().hex[:8]}"]["docs"]
    await docs.bulk_write([guarded(f"n{i:03d}", 1) for i in range(300)], ordered=False)
    # Pristine FerretDB kept each matching statement's cursor open to the end of the command and
    # stopped answering at the 100th; a bounded wait turns that hang into a failure.
    result = await asyncio.wait_for(
        docs.bulk_write([guarded(f"n{i:03d}", 2) for i in range(300)], ordered=False), timeout=60)
    assert result.modified_count == 300
    assert await docs.count_documents({"v": 2}) == 300


async def test_a_guarded_write_finds_its_document_by_id_among_many(mongo_client: AsyncMongoClient) -> None:
    """Correctness of the narrowed lookup: the _id condition selects, the rest of the filter still
    applies (a stale write is refused even though its _id matches)."""
    docs = mongo_client[f"server_{uuid.uuid4().hex[:8]}"]["docs"]
    await docs.insert_many([{"_id": f"n{i:04d}", "v": i % 7} for i in range(2_000)])
    assert await apply_if_newer(docs, "n1234", "v", 9, {"$set": {"x": 1}})
    assert not await apply_if_newer(docs, "n1234", "v", 9, {"$set": {"x": 2}})
    assert await docs.find_one({"_id": "n1234", "v": {"$gt": 8}}) == {"_id": "n1234", "v": 9, "x": 1}
    assert await docs.find_one({"_id": "n1234", "v": {"$lt": 9}}) is None
    assert await docs.count_documents({"x": {"$exists": True}}) == 1
