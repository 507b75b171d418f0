"""The deliveries ledger's due entries (services/notification/adapters/deliveries.py) on the real database
server: two instances that read the same due retry and the same stale claim each try to take them, and
exactly one takes each; what was taken is no longer due."""

import uuid

from pymongo import AsyncMongoClient

from services.notification.adapters.deliveries import MongoDeliveries


async def test_two_instances_reading_the_same_due_entries_take_each_once(mongo_client: AsyncMongoClient) -> None:
    db = mongo_client[f"deliveries_{uuid.uuid4().hex[:8]}"]
    here, elsewhere = MongoDeliveries(db, stale_claim_s=0), MongoDeliveries(db, stale_claim_s=0)
    try:
        await here.prepare()
        assert await here.claim("crashed:office:email") is None  # left claimed: stale at once
        assert await here.claim("retried:office:email") is None
        await here.retry_later("retried:office:email", attempts=1, wait_s=0, reason="down")

        read_here, read_elsewhere = await here.due(), await elsewhere.due()
        assert sorted(e["_id"] for e in read_here) == ["crashed:office:email", "retried:office:email"]
        taken = [[await store.take(entry) for entry in read] for store, read in
                 ((here, read_here), (elsewhere, read_elsewhere))]

        assert taken == [[True, True], [False, False]]
        assert [e["state"] for e in await db["deliveries"].find({}).to_list()] == ["claimed", "claimed"]
    finally:
        await mongo_client.drop_database(db.name)
