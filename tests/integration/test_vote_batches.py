"""Votes counted a batch at a time (``apply_votes`` over ``MongoVotes``) on the real server: exactly as
one at a time would count them, also when a batch is redelivered after a crash with other boundaries."""

import hashlib
import json
import uuid
from pathlib import Path

from pymongo import AsyncMongoClient

from services.scoring.adapters.evidence import MongoEvidence
from services.scoring.service_layer.evidence import apply_votes
from shared.edition import load_edition
from shared.events.scoring import VoteCastEvent
from shared.ownership import SoleConsumer

EDITION = load_edition(Path(__file__).parents[2] / "editions" / "2024-first.yaml")
IN_VOTING, AFTER_VOTING = "2024-01-12T12:00:00Z", "2030-01-01T00:00:00Z"


def vote(nomination_id: str, voter: str, category: str = "digital-content", at: str = IN_VOTING) -> VoteCastEvent:
    return VoteCastEvent.model_validate_json(json.dumps({
        "specversion": "1.0", "id": str(uuid.uuid4()), "source": "urn:test", "time": at,
        "type": "org.socialgov.awards.vote.cast.v1",
        "data": {"nomination_id": nomination_id, "edition_id": EDITION.id, "category": category,
                 "voter": hashlib.sha256(voter.encode()).hexdigest()}}))


async def count(store: MongoEvidence, records: list[tuple[VoteCastEvent, int, int]]) -> set[tuple[str, str]]:
    outcome = await apply_votes(records, store, lambda _: EDITION, lambda _: None)
    return outcome.dirty


async def tallies(store: MongoEvidence) -> dict[str, int]:
    return {doc["_id"]: doc.get("votes", 0) async for doc in store.nominations.find({})}


async def test_one_vote_per_voter_and_scope_counted_once_across_redelivered_batches(
        mongo_client: AsyncMongoClient) -> None:
    store = MongoEvidence(mongo_client[f"votes_{uuid.uuid4().hex[:8]}"], SoleConsumer())
    await store.prepare()
    # partition 0: ten voters for "a" and "b", voter-3 twice (the second is refused); partition 1: five for "a"
    p0 = [vote("a" if i % 2 else "b", f"voter-{i}") for i in range(10)] + [vote("b", "voter-3")]
    p1 = [vote("a", f"other-{i}") for i in range(5)]
    records = ([(event, 0, offset) for offset, event in enumerate(p0)]
               + [(event, 1, offset) for offset, event in enumerate(p1)])
    # a crash after a first batch of other boundaries was counted, then everything redelivered at once
    assert await count(store, records[:4] + records[11:13]) == {(EDITION.id, "digital-content")}
    await count(store, records)
    await count(store, list(reversed(records[3:])))  # and once more, from another point, in another order
    assert await tallies(store) == {"a": 5 + 5, "b": 5}
    store.nominations.touched.clear()
    await count(store, records)
    assert store.nominations.touched == set(), "a batch with nothing new sends no write (as the unit fake)"


async def test_a_vote_outside_the_window_or_its_nominations_category_is_not_counted(
        mongo_client: AsyncMongoClient) -> None:
    store = MongoEvidence(mongo_client[f"votes_{uuid.uuid4().hex[:8]}"], SoleConsumer())
    await store.nominations.insert_one({"_id": "a", "edition_id": EDITION.id, "category": "digital-content",
                                        "status": "accepted"})
    other_category = next(c.code for c in EDITION.categories if c.code != "digital-content")
    late, elsewhere = vote("a", "late", at=AFTER_VOTING), vote("a", "elsewhere", category=other_category)
    dirty = await count(store, [(late, 0, 0), (elsewhere, 0, 1), (vote("a", "elsewhere"), 0, 2)])
    assert await tallies(store) == {"a": 1}, "the voter's vote in the right category still counts"
    assert dirty == {(EDITION.id, "digital-content")}
