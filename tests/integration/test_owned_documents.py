"""The contracts of ``shared.ownership`` (on the real broker: a second member of the group takes the
process out of sole ownership, its leaving brings it back under a new epoch) and of
``shared.owned_documents`` (on the real database server: memory while sole, the database otherwise)."""

import uuid
from dataclasses import dataclass

from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient

from infra.topics import ensure_topics
from shared import topics
from shared.kafka import make_broker, subscription
from shared.owned_documents import OwnedDocuments
from shared.ownership import SoleConsumer
from shared.settings import CommonSettings
from tests.conftest import isolated_settings
from tests.infrastructure import Infrastructure
from tests.waiting import eventually


def member(settings: CommonSettings, ownership: SoleConsumer) -> KafkaBroker:
    broker = make_broker(settings, "owner")
    topic = topics.NOMINATIONS_SUBMITTED

    @ownership.subscriber(broker, settings.topic(topic.name), **subscription(settings, "owner", topic))
    async def handle(body: bytes) -> None:
        pass

    return broker


async def test_the_only_member_of_its_group_is_sole_until_another_joins(infrastructure: Infrastructure) -> None:
    settings = isolated_settings(infrastructure)
    await ensure_topics(settings.bootstrap_servers, settings.topic_prefix)
    first, second = SoleConsumer(), SoleConsumer()
    one, other = member(settings, first), member(settings, second)
    await one.start()
    try:
        await eventually(lambda: _now(first.sole), 60, "the first member to hold every partition")
        alone = first.epoch
        await other.start()
        await eventually(lambda: _now(not first.sole and first.epoch > alone), 60, "the first to share")
        assert not second.sole
        await other.stop()
        await eventually(lambda: _now(first.sole), 60, "the first to hold everything again")
        assert first.epoch > alone + 1
    finally:
        await one.stop()


async def _now(condition: bool) -> bool:
    return condition


@dataclass
class Ownership:
    sole: bool = True
    epoch: int = 0


async def test_documents_come_from_memory_while_sole_and_from_the_database_otherwise(
        mongo_client: AsyncMongoClient) -> None:
    collection = mongo_client[f"owned_{uuid.uuid4().hex[:8]}"]["docs"]
    ownership = Ownership()
    owned = OwnedDocuments(collection, ownership)
    await owned.insert_one({"_id": "a", "kind": "x", "n": 1})
    await owned.update_one({"_id": "b"}, {"$set": {"kind": "x", "n": 2}}, upsert=True)
    assert sorted(d["n"] for d in await owned.matching({"kind": "x"})) == [1, 2]

    await owned.update_one({"_id": "a"}, {"$set": {"n": 10}})
    await owned.delete_one({"_id": "b"})
    await owned.replace_one({"_id": "c"}, {"kind": "y", "n": 3}, upsert=True)
    assert [d["n"] for d in await owned.matching({"kind": "x"})] == [10]  # read back: changed, deleted
    assert [d["n"] for d in await owned.matching({"kind": "y"})] == [3]
    assert [d["_id"] for d in await owned.matching({"kind": "x", "n": 10})] == ["a"]
    assert [d["_id"] for d in await owned.matching({"kind": "x", "absent": None})] == ["a"]  # as MongoDB

    # Another instance's write, not through this process: memory does not see it while sole…
    await collection.insert_one({"_id": "d", "kind": "x", "n": 4})
    assert [d["n"] for d in await owned.matching({"kind": "x"})] == [10]
    # …and the whole collection is read again once the ownership changed.
    ownership.epoch += 1
    assert sorted(d["n"] for d in await owned.matching({"kind": "x"})) == [4, 10]

    await collection.insert_one({"_id": "e", "kind": "x", "n": 5})
    ownership.sole = False
    assert sorted(d["n"] for d in await owned.matching({"kind": "x"})) == [4, 5, 10]
    ownership.sole = True  # back to sole: loaded again, whatever the epoch says
    await collection.delete_one({"_id": "d"})
    assert sorted(d["n"] for d in await owned.matching({"kind": "x"})) == [5, 10]


async def test_a_document_keeps_its_stamp_until_it_is_written_and_has_none_outside_memory(
        mongo_client: AsyncMongoClient) -> None:
    ownership = Ownership()
    docs = OwnedDocuments(mongo_client[f"owned_{uuid.uuid4().hex[:8]}"]["docs"], ownership)
    await docs.insert_one({"_id": "a", "k": 1})
    await docs.insert_one({"_id": "b", "k": 1})
    await docs.matching({"k": 1})
    a, b = docs.stamp("a"), docs.stamp("b")
    assert a is not None and b is not None

    await docs.update_one({"_id": "a"}, {"$set": {"x": 2}})
    await docs.matching({"k": 1})
    assert docs.stamp("a") not in (None, a) and docs.stamp("b") == b

    await docs.delete_one({"_id": "b"})
    await docs.matching({"k": 1})
    assert docs.stamp("b") is None

    ownership.sole = False
    await docs.matching({"k": 1})
    assert docs.stamp("a") is None
