"""The public votes in scoring's database: the voters' ledger (one document per voter's scope: edition,
category, voter) and each nomination's tally with the last votes-topic offset it counted per partition.

Contract: ``first(votes)`` takes ``{scope: (nomination id, event id, partition, offset, time)}`` and answers
the scopes whose counted vote is that record: claimed now, or claimed before by the very same record (a
redelivery); one unordered insert, the scopes held before read back in one query.
``counted_vote(scope)``: the vote of that scope that counts, if any. ``count(tallied, known)`` adds each
``(nomination id, partition, offset)`` to its nomination's tally at most once, whatever was counted
before a crash: the votes of one nomination from one partition are folded into one write that adds those
above the position its document held when read (``known``, read in this batch before any write of it),
guarded like every versioned write by that position (refused once it reached the first of them:
``shared.guarded``'s run of positions). One bulk write per partition.
"""

from collections import defaultdict
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

from shared.guarded import apply_all_if_newer, if_newer
from shared.mongo import Document, by_ids, duplicates_refused
from shared.owned_documents import OwnedDocuments

from ..service_layer.ports import Claim


class MongoVotes:
    def __init__(self, voters: AsyncCollection[Document], nominations: OwnedDocuments) -> None:
        self.voters, self.nominations = voters, nominations

    async def counted_vote(self, scope: str) -> dict[str, Any] | None:
        return await self.voters.find_one({"_id": scope}, {"_id": 0, "nomination_id": 1, "at": 1})

    async def first(self, votes: dict[str, Claim]) -> set[str]:
        if not votes:
            return set()
        scopes = list(votes)
        try:
            await self.voters.insert_many([{"_id": scope, "nomination_id": claim[0], "event_id": claim[1],
                                            "partition": claim[2], "offset": claim[3], "at": claim[4]}
                                           for scope, claim in votes.items()], ordered=False)
            return set(scopes)
        except BulkWriteError as error:
            refused = {scopes[index] for index in duplicates_refused(error)}
        held = {doc["_id"]: (doc["partition"], doc["offset"]) for doc in await by_ids(self.voters, refused)}
        return {scope for scope in scopes if scope not in refused or held.get(scope) == votes[scope][2:4]}

    async def count(self, tallied: list[tuple[str, int, int]], known: dict[str, dict[str, Any]]) -> None:
        offsets: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for nomination_id, partition, offset in tallied:
            offsets[partition][nomination_id].append(offset)
        for partition, by_nomination in sorted(offsets.items()):
            guard = f"vote_positions.p{partition}"
            writes = {}
            for nomination_id, counted in by_nomination.items():
                held = known.get(nomination_id, {}).get("vote_positions", {}).get(f"p{partition}", -1)
                new = sorted(offset for offset in counted if offset > held)
                if new:
                    writes[nomination_id] = if_newer(nomination_id, guard, new[-1], {"$inc": {"votes": len(new)}},
                                                     since=new[0])
            await apply_all_if_newer(self.nominations, writes)
