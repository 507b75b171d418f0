"""The voters' codes already emailed (collection ``voter_codes_sent``): one document per code event,
holding no address."""

import contextlib

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from shared.mongo import Document


class MongoCodesSent:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def sent(self, event_id: str) -> bool:
        return await self.collection.find_one({"_id": event_id}, {"_id": 1}) is not None

    async def record(self, event_id: str) -> None:
        with contextlib.suppress(DuplicateKeyError):  # a redelivery recorded it first: sent either way
            await self.collection.insert_one({"_id": event_id})
