"""What the services and the bench rely on from the MongoDB-protocol server, as MongoDB itself behaves.
Each of these failed on pristine FerretDB v1.24 and holds on the patched build (infra/ferretdb_build.py);
on MongoDB they hold as well."""

import asyncio
import random
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient, ReturnDocument, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError, DuplicateKeyError

from shared.guarded import apply_if_newer
from shared.mongo import Document
from tests.infrastructure import Infrastructure


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


STRINGS = ["x", "y", 'q"uote', "back\\slash", "new\nline", "<b>&amp;", "مرحبا بالعالم", "\u202eRTL", "5", "", "😀"]


def _value(rng: random.Random) -> object:
    return rng.choice([rng.choice(STRINGS), rng.choice(STRINGS), [rng.choice(STRINGS), rng.choice(STRINGS)],
                       5, None, {"x": rng.choice(STRINGS)}, [{"x": "x"}, rng.choice(STRINGS)], True])


def _matches(doc: dict, filter_: dict) -> bool:
    for key, wanted in filter_.items():
        value = doc.get(key, ...)
        if isinstance(wanted, dict):  # {"$in": [...]}
            if value not in wanted["$in"]:
                return False
        elif not (value == wanted and type(value) is str or isinstance(value, list) and wanted in value):
            return False
    return True


async def test_equality_filters_select_exactly_the_matching_documents(mongo_client: AsyncMongoClient) -> None:
    """The patched server narrows such filters in SQLite before decoding documents: a narrowing that
    dropped a match (escaped text, an array holding the value, Arabic) would show here."""
    rng = random.Random(2026)
    docs = mongo_client[f"server_{uuid.uuid4().hex[:8]}"]["docs"]
    stored = [{"_id": f"{rng.choice(STRINGS)}-{i}", **{k: _value(rng) for k in ("edition_id", "category", "status")
                                                       if rng.random() < 0.9}} for i in range(300)]
    await docs.insert_many([dict(d) for d in stored])
    ids = [str(d["_id"]) for d in stored]
    selected = 0
    for _ in range(150):
        fields = rng.sample(["edition_id", "category", "status"], rng.randint(1, 2))
        filter_: dict[str, Any] = {k: rng.choice(STRINGS) for k in fields}
        if rng.random() < 0.4:
            filter_["_id"] = {"$in": rng.sample(ids, rng.randint(1, 40))}
        found = sorted([d["_id"] async for d in docs.find(filter_)])
        assert found == sorted(str(d["_id"]) for d in stored if _matches(d, filter_)), filter_
        selected += len(found)
    assert selected > 100, "the filters selected almost nothing: the comparison would prove little"


# Concurrent writes of one document from several clients (each its own connection pool), as several
# instances of a service write: MongoDB applies each single-document write atomically, so none is lost.
CLIENTS = 4
WRITES_PER_CLIENT = 4
DOCUMENTS = 20


@pytest.fixture
async def clients(infrastructure: Infrastructure) -> AsyncIterator[list[AsyncCollection[Document]]]:
    """One collection, seen through CLIENTS separate clients."""
    name = f"server_{uuid.uuid4().hex[:8]}"
    opened: list[AsyncMongoClient[Document]] = [AsyncMongoClient(infrastructure.mongodb_uri)
                                                 for _ in range(CLIENTS)]
    yield [client[name]["docs"] for client in opened]
    await opened[0].drop_database(name)
    for client in opened:
        await client.close()


async def test_concurrent_increments_of_one_document_from_several_clients_all_land(
        clients: list[AsyncCollection[Document]]) -> None:
    existing, new = [f"e{i}" for i in range(DOCUMENTS)], [f"n{i}" for i in range(DOCUMENTS)]
    await clients[0].insert_many([{"_id": i, "n": 0} for i in existing])
    # An upsert by _id alone of a document that does not exist yet: one creates it, the others increment it.
    await asyncio.gather(*(c.update_one({"_id": i}, {"$inc": {"n": 1}}, upsert=i in new)
                           for i in existing + new for c in clients for _ in range(WRITES_PER_CLIENT)))
    counts = {d["_id"]: d["n"] async for d in clients[0].find({})}
    assert counts == dict.fromkeys(existing + new, CLIENTS * WRITES_PER_CLIENT)


async def test_concurrent_sets_of_different_fields_of_one_document_all_land(
        clients: list[AsyncCollection[Document]]) -> None:
    await clients[0].insert_many([{"_id": i} for i in range(DOCUMENTS)])
    await asyncio.gather(*(c.update_one({"_id": i}, {"$set": {f"c{k}_{w}": w}})
                           for i in range(DOCUMENTS) for k, c in enumerate(clients)
                           for w in range(WRITES_PER_CLIENT)))
    expected = {f"c{k}_{w}": w for k in range(CLIENTS) for w in range(WRITES_PER_CLIENT)}
    async for doc in clients[0].find({}):
        assert {k: v for k, v in doc.items() if k != "_id"} == expected, doc["_id"]


async def test_concurrent_guarded_upserts_of_one_document_keep_the_newest_version(
        clients: list[AsyncCollection[Document]]) -> None:
    """Versions 1..n written at once: a write is refused (duplicate key) only when the document already
    holds a newer version, so the document ends at n. A document created by the writes themselves ends
    at the newest version acknowledged (on MongoDB two inserting upserts may race and refuse the second)."""
    existing, new = [f"e{i}" for i in range(DOCUMENTS)], [f"n{i}" for i in range(DOCUMENTS)]
    await clients[0].insert_many([{"_id": i, "v": 0} for i in existing])
    newest = CLIENTS * WRITES_PER_CLIENT

    async def write(document_id: str, version: int) -> tuple[str, int, bool]:
        collection = clients[version % CLIENTS]
        try:
            await collection.update_one(
                {"_id": document_id, "$or": [{"v": {"$lt": version}}, {"v": {"$exists": False}}]},
                {"$set": {"v": version}, "$push": {"applied": version}}, upsert=True)
            return document_id, version, True
        except DuplicateKeyError:
            return document_id, version, False

    outcomes = await asyncio.gather(*(write(i, v) for i in existing + new for v in range(1, newest + 1)))
    stored = {d["_id"]: d async for d in clients[0].find({})}
    for document_id in existing + new:
        acknowledged = [v for i, v, applied in outcomes if i == document_id and applied]
        doc = stored[document_id]
        assert doc["v"] == max(acknowledged), doc
        assert doc["applied"] == sorted(acknowledged), doc  # each applied write saw the one before it
        if document_id in existing:
            assert doc["v"] == newest, doc


async def test_concurrent_find_and_modify_increments_each_see_their_own_result(
        clients: list[AsyncCollection[Document]]) -> None:
    await clients[0].insert_many([{"_id": i, "n": 0} for i in range(DOCUMENTS)])
    seen = await asyncio.gather(*(
        asyncio.gather(*(c.find_one_and_update({"_id": i}, {"$inc": {"n": 1}}, upsert=True,
                                               return_document=ReturnDocument.AFTER)
                         for c in clients for _ in range(WRITES_PER_CLIENT)))
        for i in range(DOCUMENTS)))
    total = CLIENTS * WRITES_PER_CLIENT
    for i, answers in enumerate(seen):
        assert sorted(a["n"] for a in answers if a is not None) == list(range(1, total + 1)), i
    assert [d["n"] async for d in clients[0].find({})] == [total] * DOCUMENTS


async def test_collections_and_indexes_are_created_while_other_clients_update_the_database(
        clients: list[AsyncCollection[Document]]) -> None:
    """Creating a collection or an index waits for the database's write lock while updates of another
    collection hold it in turn: both complete, neither fails on a lock."""
    await clients[0].insert_many([{"_id": i, "n": 0} for i in range(3)])
    done = asyncio.Event()

    async def update(collection: AsyncCollection[Document], document_id: int) -> int:
        count = 0
        while not done.is_set():
            await collection.update_one({"_id": document_id}, {"$inc": {"n": 1}})
            count += 1
        return count

    updating = [asyncio.create_task(update(c, k % 3)) for k, c in enumerate(clients) for _ in range(3)]
    try:
        database = clients[-1].database
        for i in range(40):
            await database[f"new{i}"].insert_one({"_id": i})
            await database[f"new{i}"].create_index([("x", 1)])
    finally:
        done.set()
    counts = await asyncio.gather(*updating)
    assert sum([d["n"] async for d in clients[0].find({})]) == sum(counts)
    assert len(await database.list_collection_names()) == 41
