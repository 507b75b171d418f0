"""The codes sent to voters (collection ``voter_codes``), one document per address (its voter id).

Contract: ``issued(voter)`` reads what is kept of the address's codes. ``replace(voter, new, previous)``
keeps ``new`` only over ``previous`` (the one read; None: none existed), so two requests at once issue
one code. ``attempt(voter, scope, given, now)`` spends one try of the live code for that scope atomically
and answers whether it matched; a matching code is marked used in the same conditional write, so it
matches once. The send history stays, so a used code does not reset the hourly limit.
"""

import hmac
from datetime import datetime
from typing import Any, Literal

from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from shared.mongo import Document

from ..domain.voter_codes import Issued

Attempt = Literal["matched", "wrong", "spent", "no code"]  # spent: expired, or no try left
USED = "used"


class MongoVoterCodes:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def issued(self, voter: str) -> Issued | None:
        doc = await self.collection.find_one({"_id": voter})
        return None if doc is None else Issued(doc["scope"], doc["code_hash"], doc["nomination_id"],
                                                doc["expires_at"], doc["tries_left"], tuple(doc["sent_at"]))

    async def replace(self, voter: str, new: Issued, previous: Issued | None) -> bool:
        document: dict[str, Any] = {"scope": new.scope, "code_hash": new.code_hash,
                                    "nomination_id": new.nomination_id, "expires_at": new.expires_at,
                                    "tries_left": new.tries_left, "sent_at": list(new.sent_at)}
        if previous is None:
            try:
                await self.collection.insert_one({"_id": voter, **document})
                return True
            except DuplicateKeyError:
                return False
        replaced = await self.collection.replace_one({"_id": voter, "code_hash": previous.code_hash}, document)
        return replaced.matched_count == 1

    async def attempt(self, voter: str, scope: str, given_hash: str, now: datetime) -> Attempt:
        spent = await self.collection.find_one_and_update(
            {"_id": voter, "scope": scope, "tries_left": {"$gt": 0}, "expires_at": {"$gt": now}},
            {"$inc": {"tries_left": -1}}, return_document=ReturnDocument.AFTER)
        if spent is None:
            held = await self.collection.find_one({"_id": voter, "scope": scope}, {"code_hash": 1})
            return "no code" if held is None or held["code_hash"] == USED else "spent"
        if not hmac.compare_digest(spent["code_hash"].encode(), given_hash.encode()):
            return "wrong"
        used = await self.collection.update_one({"_id": voter, "code_hash": given_hash},
                                                {"$set": {"code_hash": USED, "tries_left": 0}})
        return "matched" if used.modified_count == 1 else "no code"
