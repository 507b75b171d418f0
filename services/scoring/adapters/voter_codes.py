"""The codes sent to voters (collection ``voter_codes``), one document per voter's scope.

Contract: ``issued(scope)`` reads what is kept of the scope's codes. ``replace(scope, new, previous)``
keeps ``new`` only over ``previous`` (the one read; None: none existed), so two requests at once issue
one code. ``attempt(scope, given, now)`` spends one try of a live code atomically and answers whether the
code matched; a matching code is deleted in the same check, so it is used at most once.
"""

from datetime import datetime
from typing import Any, Literal

from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from shared.mongo import Document

from ..domain.voter_codes import Issued

Attempt = Literal["matched", "wrong", "spent", "no code"]  # spent: expired, or no try left


class MongoVoterCodes:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def issued(self, scope: str) -> Issued | None:
        doc = await self.collection.find_one({"_id": scope})
        return None if doc is None else Issued(doc["code_hash"], doc["nomination_id"], doc["expires_at"],
                                                doc["tries_left"], tuple(doc["sent_at"]))

    async def replace(self, scope: str, new: Issued, previous: Issued | None) -> bool:
        document: dict[str, Any] = {"code_hash": new.code_hash, "nomination_id": new.nomination_id,
                                    "expires_at": new.expires_at, "tries_left": new.tries_left,
                                    "sent_at": list(new.sent_at)}
        if previous is None:
            try:
                await self.collection.insert_one({"_id": scope, **document})
                return True
            except DuplicateKeyError:
                return False
        replaced = await self.collection.replace_one({"_id": scope, "code_hash": previous.code_hash}, document)
        return replaced.matched_count == 1

    async def attempt(self, scope: str, given_hash: str, now: datetime) -> Attempt:
        spent = await self.collection.find_one_and_update(
            {"_id": scope, "tries_left": {"$gt": 0}, "expires_at": {"$gt": now}}, {"$inc": {"tries_left": -1}},
            return_document=ReturnDocument.AFTER)
        if spent is None:
            return "spent" if await self.collection.find_one({"_id": scope}, {"_id": 1}) else "no code"
        if spent["code_hash"] != given_hash:
            return "wrong"
        used = await self.collection.delete_one({"_id": scope, "code_hash": given_hash})
        return "matched" if used.deleted_count == 1 else "no code"
