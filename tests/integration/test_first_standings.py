"""A new nomination's first standing, stored with its screening and published at once
(``apply_screenings``), on the real database server: the round that follows finds it as it would have
computed it and publishes nothing more for it; a redelivered screening publishes no second one; a
nomination scoring already holds evidence for waits for the round. The bus is a stand-in that records
what is published: Kafka is not what this proves."""

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.scoring.adapters.evidence import MongoEvidence
from services.scoring.service_layer.screenings import apply_screenings
from services.scoring.service_layer.standings_rounds import StandingsPublisher
from shared.edition import load_edition
from shared.events.catalogue import ScreenedEvent
from shared.events.nomination import NominationAcceptedEvent
from tests.waiting import eventually

EDITION = load_edition(Path(__file__).parents[2] / "editions" / "2024-first.yaml")
CATEGORY = "digital-content"


@dataclass
class Ownership:
    sole: bool = True
    epoch: int = 0


class RecordingBus:
    def __init__(self) -> None:
        self.published: list[tuple[str, dict[str, Any]]] = []
        self.refusals = 0  # the next publications to refuse, as a producer that lost the broker
        self.refused: list[str] = []

    async def publish_each(self, topic: Any, keyed: list[tuple[Any, str]]) -> list[BaseException | None]:
        if self.refusals and keyed:
            self.refusals -= 1
            self.refused += [key for _, key in keyed]
            return [ConnectionError("broker unreachable")] * len(keyed)
        self.published += [(key, event.data.model_dump(mode="json")) for event, key in keyed]
        return [None] * len(keyed)


def screened(nomination_id: str, category: str = CATEGORY) -> ScreenedEvent:
    return NominationAcceptedEvent.model_validate_json(json.dumps({
        "specversion": "1.0", "id": f"screened-{nomination_id}", "source": "urn:test",
        "type": "org.socialgov.awards.nomination.accepted.v1",
        "time": "2024-01-10T12:00:00.123456+03:00",  # microseconds and an offset: stored as neither
        "data": {"nomination_id": nomination_id, "reference": nomination_id, "submitted_by": "urn:test",
                 "edition_id": EDITION.id, "category": category, "country": "EG",
                 "nominee": {"kind": "entity", "name_ar": "هيئة", "name_en": "Authority",
                             "organisation_type": "authority"},
                 "accounts": [{"platform": "x", "url": f"https://x.com/{nomination_id}"}]}}))


async def scoring(mongo_client: AsyncMongoClient) -> tuple[MongoEvidence, RecordingBus, StandingsPublisher]:
    """Scoring's store on a database of its own, and a standings publisher on the recording bus."""
    store = MongoEvidence(mongo_client[f"first_{uuid.uuid4().hex[:8]}"], Ownership())
    await store.prepare()
    bus = RecordingBus()
    return store, bus, StandingsPublisher(store, bus, lambda _: EDITION, 0.1, 1000.0)  # type: ignore[arg-type]  # the recording bus answers only publish_each


async def screen(store: MongoEvidence, standings: StandingsPublisher, *nomination_ids: str) -> set[tuple[str, str]]:
    """The screenings applied as the service applies them, and the categories they marked, marked."""
    marked = (await apply_screenings([screened(n) for n in nomination_ids], store, standings,
                                     lambda _: EDITION, lambda _: None)).dirty
    standings.mark(marked)
    return marked


async def test_a_first_standing_is_the_rounds_own_and_published_once(mongo_client: AsyncMongoClient) -> None:
    store, bus, standings = await scoring(mongo_client)

    # the category's first: no round yet, no totals to compute a first standing with
    assert await screen(store, standings, "a", "b") == {(EDITION.id, CATEGORY)}
    assert bus.published == []
    await store.nominations.update_one({"_id": "a"}, {"$set": {"votes": 3}})
    await standings.flush()
    assert sorted(key for key, _ in bus.published) == ["a", "b"]

    bus.published.clear()
    assert await screen(store, standings, "c") == set(), "not marked: verified by the next round"
    assert [key for key, _ in bus.published] == ["c"], "published with its screening"
    assert bus.published[0][1]["category_votes"] == 3 and bus.published[0][1]["components"]["public"] == 0
    assert standings.unverified == {(EDITION.id, CATEGORY): {"c"}}, "the next round verifies it"
    assert standings.totals_of((EDITION.id, CATEGORY)) is not None, "verifying is not marking"
    await standings.flush()
    assert [key for key, _ in bus.published] == ["c"], "the round computed the same standing: nothing more"

    assert await screen(store, standings, "c") == {(EDITION.id, CATEGORY)}, (
        "redelivered: scoring holds it now, the round decides")
    await store.nominations.update_one({"_id": "d"}, {"$set": {"votes": 1}}, upsert=True)  # a vote before its screening
    assert await screen(store, standings, "d") == {(EDITION.id, CATEGORY)}
    assert [key for key, _ in bus.published] == ["c"], "a nomination scoring holds evidence for waits for the round"
    standings.mark({(EDITION.id, CATEGORY)})  # as the vote's batch did once it was stored
    await standings.flush()
    assert sorted(key for key, _ in bus.published[1:]) == ["a", "b", "c", "d"], "the vote moved every share"


async def test_a_first_standing_not_acknowledged_is_published_by_a_round_started_for_it(
        mongo_client: AsyncMongoClient) -> None:
    store, bus, standings = await scoring(mongo_client)
    await apply_screenings([screened("a")], store, standings, lambda _: EDITION, lambda _: None)
    await standings.start()  # its first round remembers the category; then the loop idles: nothing is marked
    try:
        await eventually(lambda: _async(bus.published), 30, "the first round")
        bus.published.clear()
        bus.refusals = 1
        outcome = await apply_screenings([screened("b")], store, standings, lambda _: EDITION, lambda _: None)
        assert outcome.dirty == set() and bus.refused == ["b"]
        published = await eventually(lambda: _async(bus.published), 30, "b published by a round, nothing marked")
        assert [key for key, _ in published] == ["b"]
    finally:
        await standings.stop()


async def _async(value: Any) -> Any:
    return value


async def test_a_round_that_missed_a_first_standing_in_flight_is_followed_by_one_that_corrects_it(
        mongo_client: AsyncMongoClient) -> None:
    """A vote counted, and its round run, while a screening's write is in flight: the round reads the
    category without the new nomination and remembers new totals; the first standing was computed from
    the old ones. The round that verifies the category corrects it."""
    store, bus, standings = await scoring(mongo_client)
    await screen(store, standings, "a")
    await standings.flush()
    screen_write = store.screened

    async def vote_and_round_meanwhile(*args: Any) -> None:
        await store.nominations.update_one({"_id": "a"}, {"$set": {"votes": 2}})
        standings.mark({(EDITION.id, CATEGORY)})
        await standings.flush()
        await screen_write(*args)
    store.screened = vote_and_round_meanwhile  # type: ignore[method-assign, assignment]  # the write, interleaved with a vote and a round
    await apply_screenings([screened("b")], store, standings, lambda _: EDITION, lambda _: None)
    assert [body["category_votes"] for key, body in bus.published if key == "b"] == [0], "from the old totals"

    await standings.flush()
    assert [body["category_votes"] for key, body in bus.published if key == "b"] == [0, 2]


async def test_first_standings_of_a_write_that_failed_are_published_by_the_next_round(
        mongo_client: AsyncMongoClient) -> None:
    """The bulk write applied, then failed (a timeout on the way back): a redelivery would find the
    stored standing unchanged and never publish it."""
    store, bus, standings = await scoring(mongo_client)
    await screen(store, standings, "a")
    await standings.flush()
    bus.published.clear()
    screen_write = store.screened

    async def applied_then_failed(*args: Any) -> None:
        await screen_write(*args)
        raise TimeoutError("no answer from the server")
    store.screened = applied_then_failed  # type: ignore[method-assign, assignment]  # the write applied, then reported failed
    with pytest.raises(TimeoutError):
        await apply_screenings([screened("b")], store, standings, lambda _: EDITION, lambda _: None)
    store.screened = screen_write  # type: ignore[method-assign]  # the write, observed
    await screen(store, standings, "b")  # the redelivery
    await standings.flush()
    assert [key for key, _ in bus.published] == ["b"]


async def test_a_first_standing_whose_nomination_got_evidence_with_its_screening_is_computed_again(
        mongo_client: AsyncMongoClient) -> None:
    """Metrics reported for a nomination while its screening was being written (stored, the handler not
    yet back, so scoring did not know and nothing marked the category): the first standing, computed
    without them, does not hold; the verifying round reads the document back and computes the category
    whole. Metrics move no field of the nomination's own standing without the category's ranks: only
    the evidence itself shows the first standing was premature."""
    store, bus, standings = await scoring(mongo_client)
    await screen(store, standings, "a")
    await standings.flush()
    bus.published.clear()
    metrics = {"engagement_rate": 0.05, "reply_rate": 0.8, "median_reply_minutes": 30, "follower_growth": 0.2}
    await store.nominations.collection.update_one({"_id": "b"}, {"$set": {"metrics": metrics}}, upsert=True)

    await screen(store, standings, "b")
    assert [(key, body["components"]["metrics"]) for key, body in bus.published] == [("b", None)]
    await standings.flush()
    (again,) = bus.published[1:]
    assert again[0] == "b" and again[1]["components"]["metrics"] is not None and "metrics" not in again[1]["missing"]


async def test_first_standings_that_hold_are_verified_without_computing_their_category(
        mongo_client: AsyncMongoClient) -> None:
    store, bus, standings = await scoring(mongo_client)
    await screen(store, standings, "a")
    await standings.flush()
    await screen(store, standings, "b", "c")
    computed = []
    compute = standings.rounds.compute
    standings.rounds.compute = lambda docs, *args: computed.append(len(docs)) or compute(docs, *args)  # type: ignore[method-assign, func-returns-value]  # counts, then computes
    await standings.flush()
    assert computed == [] and standings.unverified == {}
    assert sorted(key for key, _ in bus.published) == ["a", "b", "c"]


async def test_a_round_that_failed_part_way_takes_none_of_its_categories_for_done(
        mongo_client: AsyncMongoClient) -> None:
    """A round computed one category's changes, then failed reading the next: those changes were neither
    stored nor published, so the next round computes the first category again, not as it remembered it."""
    store, bus, standings = await scoring(mongo_client)
    other = "societal-impact"  # after CATEGORY in a round's order
    standings.mark((await apply_screenings([screened("a"), screened("z", other)], store, standings,
                                           lambda _: EDITION, lambda _: None)).dirty)
    await standings.flush()
    bus.published.clear()
    await store.nominations.update_one({"_id": "a"}, {"$set": {"votes": 2}})
    standings.mark({(EDITION.id, CATEGORY), (EDITION.id, other)})
    reading = store.accepted_in

    async def away_for_the_other(edition_id: str, category: str) -> Any:
        if category == other:
            raise ConnectionError("database away")
        return await reading(edition_id, category)
    store.accepted_in = away_for_the_other  # type: ignore[method-assign]  # the database away for one category
    with pytest.raises(ConnectionError):
        await standings.flush()
    store.accepted_in = reading  # type: ignore[method-assign]  # the read, observed
    await standings.flush()
    assert [(key, body["votes"]) for key, body in bus.published] == [("a", 2)]
