"""The refused scores of each judge and nomination (collection ``judge_refusals``), for the judge's sheet.

Contract: one document per refusal, keyed by the refused score's event id, so a redelivered score's
refusal is recorded once; ``of`` reads one judge's refusals of one nomination through an index.
"""

from datetime import datetime

from pymongo import ASCENDING, DESCENDING, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from shared.events.scoring import JudgingRejected
from shared.mongo import Document

SHOWN = 20  # the latest refusals a sheet shows: more says nothing new


class MongoRefusals:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def prepare(self) -> None:
        await self.collection.create_index([("judge_id", ASCENDING), ("nomination_id", ASCENDING),
                                            ("at", DESCENDING)])

    async def record(self, refused: list[tuple[JudgingRejected, datetime]]) -> None:
        if refused:
            await self.collection.bulk_write([
                UpdateOne({"_id": answer.score_event_id}, {"$setOnInsert": {**answer.model_dump(), "at": at}},
                          upsert=True) for answer, at in refused], ordered=False)

    async def of(self, judge_id: str, nomination_id: str) -> list[tuple[JudgingRejected, datetime]]:
        found = self.collection.find({"judge_id": judge_id, "nomination_id": nomination_id},
                                     sort=[("at", DESCENDING)], limit=SHOWN)
        return [(JudgingRejected.model_validate({k: v for k, v in doc.items() if k not in ("_id", "at")}),
                 doc["at"]) async for doc in found]
