"""Why DocumentLocks exists, measured on the real MongoDB-protocol server: concurrent updates of one
document from one process must all land."""

import asyncio
import uuid

from pymongo import AsyncMongoClient

from shared.document_locks import SerialisedWrites


async def test_concurrent_updates_of_one_document_all_land_when_serialised(mongo_client: AsyncMongoClient) -> None:
    collection = SerialisedWrites(mongo_client[f"locks_{uuid.uuid4().hex[:8]}"]["docs"])
    for i in range(100):
        await asyncio.gather(*(collection.update_one({"_id": i}, {"$set": {f"f{k}": k}}, upsert=True)
                               for k in range(5)), collection.update_one({"_id": i}, {"$inc": {"n": 1}},
                                                                         upsert=True))
    async for doc in collection.find({}):
        assert set(doc) == {"_id", "f0", "f1", "f2", "f3", "f4", "n"}, doc
    assert await collection.count_documents({}) == 100
