"""Staff subscriptions, in the notification service's own database, read at most every ``fresh_s``.

Every batch of events asked for them (a find and a validation per subscription, 0.5 database commands
per nomination at 50/s) although they change a few times a year. Contract: ``all()`` answers the
defaults (the office) unless a stored subscription replaces them, plus every stored one, as the
database held them at most ``fresh_s`` ago; a change saved or removed through this object shows at
once (a read already under way when it happened is not kept), one made through another instance
within ``fresh_s``.
"""

import time
from collections.abc import Callable

from pymongo.asynchronous.database import AsyncDatabase

from shared.durability import deciding

from ..domain.subscriptions import Subscription


class MongoSubscriptions:
    def __init__(self, db: AsyncDatabase, defaults: list[Subscription], fresh_s: float = 2.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.collection = deciding(db["subscriptions"])
        self.defaults, self.fresh_s, self.clock = defaults, fresh_s, clock
        self._changes = 0
        self._read: tuple[float, list[Subscription]] | None = None  # (when the read began, what it found)

    async def save(self, subscription: Subscription) -> None:
        try:
            await self.collection.replace_one({"_id": subscription.id}, subscription.model_dump(), upsert=True)
        finally:
            self._changed()

    async def remove(self, subscription_id: str) -> bool:
        try:
            return (await self.collection.delete_one({"_id": subscription_id})).deleted_count == 1
        finally:
            self._changed()

    async def all(self) -> list[Subscription]:
        if self._read is None or self.clock() - self._read[0] >= self.fresh_s:
            began, changes = self.clock(), self._changes
            stored = [Subscription.model_validate(doc) async for doc in self.collection.find({}, {"_id": 0})]
            ids = {s.id for s in stored}
            found = [*(d for d in self.defaults if d.id not in ids), *stored]
            if changes != self._changes:
                return found  # a change landed during the read: answer it, keep nothing
            self._read = (began, found)
        return list(self._read[1])

    def _changed(self) -> None:
        self._changes += 1
        self._read = None
