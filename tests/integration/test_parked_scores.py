"""Scores parked until their nomination or judge is known (services/scoring/adapters/parked_scores.py),
on the real database server: while this process is the only consumer, asking for nominations that have
nothing parked costs no query, and what another instance parked before the ownership changed is found."""

import uuid
from dataclasses import dataclass
from typing import Any

from pymongo import AsyncMongoClient

from services.scoring.adapters.parked_scores import MongoParkedScores


@dataclass
class Ownership:
    sole: bool = True
    epoch: int = 0


class Counted:
    """The collection, counting the queries and deletions that reach it."""

    def __init__(self, collection: Any) -> None:
        self.collection, self.calls = collection, 0

    def find(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.collection.find(*args, **kwargs)

    async def delete_many(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return await self.collection.delete_many(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.collection, name)


async def test_nothing_parked_costs_no_query_while_sole(mongo_client: AsyncMongoClient) -> None:
    db, ownership = mongo_client[f"parked_{uuid.uuid4().hex[:8]}"], Ownership()
    counted = Counted(db["parked_scores"])
    parked = MongoParkedScores(counted, ownership)
    await parked.prepare()

    assert await parked.parked_for(nomination_ids=["n1"]) == []
    loaded = counted.calls  # the first ask loads what is parked
    assert await parked.parked_for(nomination_ids=["n1", "n2"]) == []
    await parked.unpark([("e9", "n1")])
    assert counted.calls == loaded, "nothing parked for them: the database is not asked"

    await parked.park("e1", "{}", "n1", "j1")
    assert [doc["_id"] for doc in await parked.parked_for(nomination_ids=["n1", "n2"])] == ["e1"]
    await parked.unpark([("e1", "n1")])
    assert await parked.parked_for(nomination_ids=["n1"]) == []

    # another instance parks while it holds the partitions; the ownership then changes hands
    other = MongoParkedScores(db["parked_scores"], Ownership(sole=False))
    await other.park("e2", "{}", "n2", "j1")
    assert await parked.parked_for(nomination_ids=["n2"]) == [], "not noted here, the epoch unchanged"
    ownership.epoch += 1
    assert [doc["_id"] for doc in await parked.parked_for(nomination_ids=["n2"])] == ["e2"], "loaded again"

    ownership.sole = False
    before = counted.calls
    await parked.parked_for(nomination_ids=["n3"])
    assert counted.calls == before + 1, "not sole: always asked"
