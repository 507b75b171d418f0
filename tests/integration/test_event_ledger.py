"""The event-id ledger's batch claim on the real MongoDB-protocol server: one unordered insert claims
the new keys and answers the stored entry of each key claimed before."""

import uuid

from pymongo import AsyncMongoClient

from shared.ledger import EventLedger


async def test_a_batch_claims_the_new_keys_and_answers_the_ones_claimed_before(mongo_client: AsyncMongoClient) -> None:
    ledger = EventLedger(mongo_client[f"ledger_{uuid.uuid4().hex[:8]}"]["deliveries"])
    assert await ledger.claim("a", kind="first") is None
    await ledger.complete("a", status="sent")

    before = await ledger.claim_many({"a": {"kind": "again"}, "b": {"kind": "new"}, "c": {"kind": "new"}})

    assert list(before) == ["a"] and before["a"]["state"] == "done" and before["a"]["kind"] == "first"
    again = await ledger.claim_many({"b": {}, "c": {}})
    assert {key: (doc["state"], doc["kind"]) for key, doc in again.items()} == {"b": ("claimed", "new"),
                                                                                "c": ("claimed", "new")}
    await ledger.complete_many(["b"], status="sent")
    states = {doc["_id"]: doc["state"] async for doc in ledger.collection.find({})}
    assert states == {"a": "done", "b": "done", "c": "claimed"}
    assert await ledger.claim_many({}) == {}

