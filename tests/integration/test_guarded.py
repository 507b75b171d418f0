"""The version-guarded writes on the real MongoDB-protocol server: newer applies, equal or older does
nothing, a missing document is created unless told not to; a compare-and-set replaces only the version
its writer read, and creates only where nothing is stored."""

import uuid
from dataclasses import dataclass

import pytest
from pymongo import AsyncMongoClient
from pymongo.errors import BulkWriteError

from shared.guarded import apply_all_if_newer, apply_if_newer, if_newer, replace_if_version
from shared.owned_documents import OwnedDocuments


@dataclass
class Ownership:
    sole: bool = False
    epoch: int = 0


async def test_only_a_newer_value_applies(mongo_client: AsyncMongoClient) -> None:
    docs = mongo_client[f"guarded_{uuid.uuid4().hex[:8]}"]["docs"]
    assert await apply_if_newer(docs, "a", "v", 2, {"$set": {"x": "two"}, "$inc": {"n": 1}})
    assert not await apply_if_newer(docs, "a", "v", 2, {"$set": {"x": "again"}, "$inc": {"n": 1}})
    assert not await apply_if_newer(docs, "a", "v", 1, {"$set": {"x": "older"}})
    assert await apply_if_newer(docs, "a", "v", 3, {"$set": {"x": "three"}, "$inc": {"n": 1}})
    assert await docs.find_one({"_id": "a"}) == {"_id": "a", "v": 3, "x": "three", "n": 2}
    assert not await apply_if_newer(docs, "b", "v", 1, {"$set": {"x": "y"}}, create=False)
    assert await docs.find_one({"_id": "b"}) is None


async def test_many_in_one_bulk_write_apply_only_where_newer(mongo_client: AsyncMongoClient) -> None:
    docs = OwnedDocuments(mongo_client[f"guarded_{uuid.uuid4().hex[:8]}"]["docs"], Ownership())
    await docs.insert_many([{"_id": "stored-newer", "v": 3, "x": "kept"}, {"_id": "stored-older", "v": 1, "x": "old"}])
    await apply_all_if_newer(docs, {
        "stored-newer": if_newer("stored-newer", "v", 2, {"$set": {"x": "stale"}}),
        "stored-older": if_newer("stored-older", "v", 5, {"$set": {"x": "new"}}),
        "missing": if_newer("missing", "v", 1, {"$set": {"x": "created"}}),
    })
    assert [doc async for doc in docs.find({}).sort("_id", 1)] == [
        {"_id": "missing", "v": 1, "x": "created"},
        {"_id": "stored-newer", "v": 3, "x": "kept"},
        {"_id": "stored-older", "v": 5, "x": "new"},
    ]


async def test_a_refusal_other_than_already_newer_is_raised(mongo_client: AsyncMongoClient) -> None:
    docs = OwnedDocuments(mongo_client[f"guarded_{uuid.uuid4().hex[:8]}"]["docs"], Ownership())
    await docs.insert_one({"_id": "a", "v": 1, "n": "not a number"})
    with pytest.raises(BulkWriteError):
        await apply_all_if_newer(docs, {"a": if_newer("a", "v", 2, {"$inc": {"n": 1}})})


async def test_a_replacement_applies_only_over_the_version_its_writer_read(mongo_client: AsyncMongoClient) -> None:
    docs = mongo_client[f"guarded_{uuid.uuid4().hex[:8]}"]["docs"]
    assert await replace_if_version(docs, "a", None, {"version": 1, "x": "first"})
    assert not await replace_if_version(docs, "a", None, {"version": 1, "x": "also first"}), "created already"
    assert await replace_if_version(docs, "a", 1, {"version": 2, "x": "second"})
    assert not await replace_if_version(docs, "a", 1, {"version": 2, "x": "read version 1 too"}), "moved meanwhile"
    assert not await replace_if_version(docs, "b", 1, {"version": 2, "x": "never stored"})
    assert [doc async for doc in docs.find({})] == [{"_id": "a", "version": 2, "x": "second"}]
