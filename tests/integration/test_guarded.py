"""The version-guarded write on the real MongoDB-protocol server: newer applies, equal or older does
nothing, a missing document is created unless told not to."""

import uuid

from pymongo import AsyncMongoClient

from shared.guarded import apply_if_newer


async def test_only_a_newer_value_applies(mongo_client: AsyncMongoClient) -> None:
    docs = mongo_client[f"guarded_{uuid.uuid4().hex[:8]}"]["docs"]
    assert await apply_if_newer(docs, "a", "v", 2, {"$set": {"x": "two"}, "$inc": {"n": 1}})
    assert not await apply_if_newer(docs, "a", "v", 2, {"$set": {"x": "again"}, "$inc": {"n": 1}})
    assert not await apply_if_newer(docs, "a", "v", 1, {"$set": {"x": "older"}})
    assert await apply_if_newer(docs, "a", "v", 3, {"$set": {"x": "three"}, "$inc": {"n": 1}})
    assert await docs.find_one({"_id": "a"}) == {"_id": "a", "v": 3, "x": "three", "n": 2}
    assert not await apply_if_newer(docs, "b", "v", 1, {"$set": {"x": "y"}}, create=False)
    assert await docs.find_one({"_id": "b"}) is None
