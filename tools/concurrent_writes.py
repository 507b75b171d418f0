"""Lost updates and guarded-upsert throughput of a MongoDB-protocol server, measured with several clients
(separate connections) writing one document at once.

    python -m tools.concurrent_writes mongodb://127.0.0.1:27717 [--rounds 200] [--clients 4]

Each kind writes one document from every client concurrently and counts what the document lacks afterwards:
``$inc`` (the counter short of the increments acknowledged), ``$set`` of distinct fields (fields missing),
guarded upserts of increasing versions (rounds whose document ends below the highest version acknowledged)
and ``find_one_and_update`` with ``$inc``. Throughput: guarded upserts one statement at a time and in
unordered bulk writes of 500.
"""

import argparse
import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from pymongo import AsyncMongoClient, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from shared.mongo import Document


def guard(document_id: Any, version: int) -> dict[str, Any]:
    return {"_id": document_id, "$or": [{"v": {"$lt": version}}, {"v": {"$exists": False}}]}


async def lost_increments(collections: list[AsyncCollection], rounds: int, per_client: int,
                          increment: Callable[[AsyncCollection, int], Awaitable[Any]]) -> tuple[int, int]:
    """Of ``increment(collection, document id)`` run per_client times by every client at once, per round."""
    lost = total = 0
    for r in range(rounds):
        await collections[0].insert_one({"_id": r})
        await asyncio.gather(*(increment(c, r) for c in collections for _ in range(per_client)))
        expected = len(collections) * per_client
        doc = await collections[0].find_one({"_id": r})
        lost += expected - (doc or {}).get("n", 0)
        total += expected
    return lost, total


async def lost_inc(collections: list[AsyncCollection], rounds: int, per_client: int) -> tuple[int, int]:
    return await lost_increments(collections, rounds, per_client,
                                 lambda c, r: c.update_one({"_id": r}, {"$inc": {"n": 1}}))


async def lost_set(collections: list[AsyncCollection], rounds: int, per_client: int) -> tuple[int, int]:
    lost = total = 0
    for r in range(rounds):
        await collections[0].insert_one({"_id": r})
        await asyncio.gather(*(c.update_one({"_id": r}, {"$set": {f"f{i}_{k}": k}})
                               for i, c in enumerate(collections) for k in range(per_client)))
        doc = await collections[0].find_one({"_id": r}) or {}
        expected = len(collections) * per_client
        lost += expected - (len(doc) - 1)
        total += expected
    return lost, total


async def lost_guarded(collections: list[AsyncCollection], rounds: int, per_client: int) -> tuple[int, int]:
    """Rounds (of len(collections) * per_client guarded upserts, versions 1..n, the document new) whose
    document ends below the highest version the server acknowledged."""
    lost = 0

    async def write(c: AsyncCollection, r: int, version: int) -> int:
        try:
            await c.update_one(guard(r, version), {"$set": {"v": version}}, upsert=True)
            return version
        except DuplicateKeyError:  # refused: the document holds a version at least as new
            return 0

    for r in range(rounds):
        versions = list(range(1, len(collections) * per_client + 1))
        acked = await asyncio.gather(*(write(collections[v % len(collections)], r, v) for v in versions))
        doc = await collections[0].find_one({"_id": r}) or {}
        lost += doc.get("v", 0) < max(acked)
    return lost, rounds


async def lost_find_and_modify(collections: list[AsyncCollection], rounds: int, per_client: int) -> tuple[int, int]:
    return await lost_increments(collections, rounds, per_client, lambda c, r: c.find_one_and_update(
        {"_id": r}, {"$inc": {"n": 1}}, return_document=True))


async def throughput(collection: AsyncCollection, documents: int, clients: int) -> tuple[float, float]:
    versions = range(1, 3)
    start = time.perf_counter()

    async def one_at_a_time(part: range) -> None:
        for v in versions:
            for i in part:
                await collection.update_one(guard(f"s{i}", v), {"$set": {"v": v}}, upsert=True)

    step = documents // clients
    await asyncio.gather(*(one_at_a_time(range(k * step, (k + 1) * step)) for k in range(clients)))
    singles = step * clients * len(versions) / (time.perf_counter() - start)

    start = time.perf_counter()
    count = 0
    for v in versions:
        for first in range(0, documents * 10, 500):
            batch = [UpdateOne(guard(f"b{i}", v), {"$set": {"v": v}}, upsert=True)
                     for i in range(first, first + 500)]
            await collection.bulk_write(batch, ordered=False)
            count += len(batch)
    bulk = count / (time.perf_counter() - start)
    return singles, bulk


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("uri")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--per-client", type=int, default=2)
    parser.add_argument("--throughput-documents", type=int, default=1000)
    args = parser.parse_args()
    clients: list[AsyncMongoClient[Document]] = [AsyncMongoClient(args.uri) for _ in range(args.clients)]
    try:
        name = f"concurrent_{uuid.uuid4().hex[:8]}"
        for kind, measure in (("$inc", lost_inc), ("$set of distinct fields", lost_set),
                              ("guarded upsert", lost_guarded), ("find_one_and_update $inc", lost_find_and_modify)):
            collections = [c[name][kind.split()[0].strip("$")] for c in clients]
            start = time.perf_counter()
            lost, total = await measure(collections, args.rounds, args.per_client)
            print(f"{kind}: {lost} lost of {total} ({time.perf_counter() - start:.1f} s)", flush=True)
        singles, bulk = await throughput(clients[0][name]["throughput"], args.throughput_documents, args.clients)
        print(f"guarded upserts: {singles:.0f}/s one at a time ({args.clients} clients), "
              f"{bulk:.0f}/s in unordered bulk writes of 500", flush=True)
        await clients[0].drop_database(name)
    finally:
        for c in clients:
            await c.close()


if __name__ == "__main__":
    asyncio.run(main())
