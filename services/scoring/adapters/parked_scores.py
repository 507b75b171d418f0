"""Jury scores that arrived before their nomination or judge, parked in scoring's database until both
are known (see ``service_layer.jury_scores``).

Every batch of screenings asked for the scores parked for its nominations, and every batch of scores
deleted its own from the parking, although nearly nothing is ever parked: two database commands per
batch (0.7 per nomination at 50/s). So the nominations with parked scores are also known in memory,
while this process is the only consumer of the topics that write them (``shared.ownership``).

Contract: ``park`` notes the nomination before it writes, so a screening stored before it asks
``parked_for`` either finds the nomination noted (and reads the database) or was stored before the
parking began, in which case the parking's own second look finds it (``apply_scores``). ``parked_for``
and ``unpark`` skip the database when no nomination they name may have parked scores: while sole, and
the noted nominations loaded from the database since the ownership's last change (added to, never
replaced: one noted too many only costs a query); otherwise they always ask it.

Bound: at most ``limit`` scores are parked (an outsider holding a judge's key, or a system sending
scores for nominations that never come, could otherwise grow the collection without end). ``park``
answers False, and parks nothing, when ``limit`` scores are parked and this one is not among them (a
redelivered one is parked again); the caller refuses the score (``judging.rejected``), logs and counts
it, so nothing is lost in silence. Parkings of batches handled at once may pass the limit by those
batches. Counting the parked documents costs a query per parking, which is rare.
"""

from collections.abc import Mapping
from typing import Any, Protocol

from pymongo.asynchronous.cursor import AsyncCursor
from pymongo.results import DeleteResult, UpdateResult

from shared.mongo import Document, id_lists
from shared.owned_documents import Ownership


class ParkingCollection(Protocol):
    """What of a collection (pymongo's ``AsyncCollection``) the parking uses."""

    async def create_index(self, keys: str) -> str: ...
    async def count_documents(self, filter: Mapping[str, Any]) -> int: ...
    async def find_one(self, filter: Mapping[str, Any], projection: Mapping[str, Any]) -> Document | None: ...
    async def update_one(self, filter: Mapping[str, Any], update: Mapping[str, Any], upsert: bool) -> UpdateResult: ...
    def find(self, filter: Mapping[str, Any], projection: Mapping[str, Any] | None = None) -> AsyncCursor[Document]: ...
    async def delete_many(self, filter: Mapping[str, Any]) -> DeleteResult: ...


class MongoParkedScores:
    def __init__(self, collection: ParkingCollection, ownership: Ownership, limit: int = 10_000) -> None:
        self.collection, self.ownership, self.limit = collection, ownership, limit
        self._noted: set[str] = set()  # nominations that may have parked scores
        self._epoch: int | None = None  # the ownership epoch ``_noted`` was loaded in

    async def prepare(self) -> None:
        await self.collection.create_index("nomination_id")
        await self.collection.create_index("judge_id")

    async def park(self, event_id: str, raw: str, nomination_id: str, judge_id: str) -> bool:
        if (await self.collection.count_documents({}) >= self.limit
                and await self.collection.find_one({"_id": event_id}, {"_id": 1}) is None):
            return False
        self._noted.add(nomination_id)
        await self.collection.update_one({"_id": event_id}, {"$set": {
            "event": raw, "nomination_id": nomination_id, "judge_id": judge_id}}, upsert=True)
        return True

    async def parked_for(self, *, nomination_ids: list[str] | None = None,
                         judge_id: str | None = None) -> list[dict[str, Any]]:
        if nomination_ids is not None:
            if not (nomination_ids := await self._maybe_parked(nomination_ids)):
                return []
            query: dict[str, Any] = {"nomination_id": {"$in": nomination_ids}}
        else:
            query = {"judge_id": judge_id}
        return [doc async for doc in self.collection.find(query).sort("_id", 1)]

    async def unpark(self, scores: list[tuple[str, str]]) -> None:
        """``[(event id, nomination id)]``: their parked copies, if any, deleted."""
        maybe = set(await self._maybe_parked([nomination_id for _, nomination_id in scores]))
        for chunk in id_lists(event_id for event_id, nomination_id in scores if nomination_id in maybe):
            await self.collection.delete_many({"_id": {"$in": chunk}})

    async def _maybe_parked(self, nomination_ids: list[str]) -> list[str]:
        if not self.ownership.sole:
            self._epoch = None
            return nomination_ids
        if self._epoch != self.ownership.epoch:
            epoch = self.ownership.epoch
            self._noted |= {doc["nomination_id"] async for doc in self.collection.find({}, {"nomination_id": 1})}
            self._epoch = epoch
        return [nomination_id for nomination_id in nomination_ids if nomination_id in self._noted]
