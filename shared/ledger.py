"""The event-id ledger: how a consumer keeps an effect once under at-least-once delivery.

Contract, written once: ``claim(key)`` atomically inserts ``{_id: key, state: "claimed"}`` and returns
``None`` the first time; afterwards it returns the stored entry. ``complete(key, **result)`` marks the
entry done with its result. ``claim_many`` and ``complete_many`` do the same for many keys in one
command each (a key claimed before is answered with its stored entry; the others are claimed now). The
unique ``_id`` is the only guard: MongoDB-protocol servers here have no multi-document transactions. An
entry left "claimed" by a crash means the effect may or may not have happened, so the effect itself must
be idempotent, or carry an id the receiver deduplicates on.
"""

from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError, DuplicateKeyError

from shared.mongo import Document, by_ids, duplicates_refused, id_lists


class EventLedger:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def claim(self, key: str, **facts: Any) -> dict[str, Any] | None:
        try:
            await self.collection.insert_one(
                {"_id": key, "state": "claimed", "claimed_at": datetime.now(UTC), **facts}
            )
        except DuplicateKeyError:
            return await self.collection.find_one({"_id": key})
        return None

    async def complete(self, key: str, **result: Any) -> None:
        await self.collection.update_one(
            {"_id": key},
            {"$set": {"state": "done", "done_at": datetime.now(UTC), **result}},
        )

    async def claim_many(self, entries: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """``{key: facts}`` in one unordered insert; answers ``{key: stored entry}`` for the keys claimed
        before."""
        if not entries:
            return {}
        keys, now = list(entries), datetime.now(UTC)
        try:
            await self.collection.insert_many([{"_id": key, "state": "claimed", "claimed_at": now, **entries[key]}
                                               for key in keys], ordered=False)
            return {}
        except BulkWriteError as error:
            refused = [keys[i] for i in duplicates_refused(error)]
        return {doc["_id"]: doc for doc in await by_ids(self.collection, refused)}

    async def complete_many(self, keys: list[str], **result: Any) -> None:
        for chunk in id_lists(keys):
            await self.collection.update_many(
                {"_id": {"$in": chunk}}, {"$set": {"state": "done", "done_at": datetime.now(UTC), **result}})
