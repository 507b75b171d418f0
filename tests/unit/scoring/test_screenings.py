"""Screenings in and standings out (``service_layer.screenings`` with the standings rounds), on fakes: a
category's first nominations wait for a round, the next ones get their first standing with their
screening, and a round publishes only what changed."""

from typing import Any

from services.scoring.service_layer.evidence import apply_votes
from services.scoring.service_layer.screenings import apply_screenings
from services.scoring.service_layer.standings_rounds import StandingsPublisher
from shared import topics
from tests.unit.fakes.scoring import FakeScoringStore, RecordingBus

from . import given


def scoring() -> tuple[FakeScoringStore, RecordingBus, StandingsPublisher]:
    store, bus = FakeScoringStore(), RecordingBus()
    return store, bus, StandingsPublisher(store, bus, given.edition_of, 0.1, 1000.0)


async def screen(store: FakeScoringStore, standings: StandingsPublisher, *events: Any) -> set[tuple[str, str]]:
    marked = (await apply_screenings(list(events), store, standings, given.edition_of, given.not_finalised)).dirty
    standings.mark(marked)
    return marked


def published(bus: RecordingBus) -> list[str]:
    return [event.data.nomination_id for event in bus.on(topics.SCORES_UPDATED)]


async def test_first_standings_come_with_the_screening_once_the_category_had_a_round() -> None:
    store, bus, standings = scoring()
    assert await screen(store, standings, given.screened("a"), given.screened("b")) == {given.KEY}
    assert published(bus) == [], "no round yet: no totals to compute a first standing with"
    await standings.flush()
    assert sorted(published(bus)) == ["a", "b"]

    assert await screen(store, standings, given.screened("c")) == set(), "verified by the next round, not marked"
    assert published(bus)[2:] == ["c"] and store.documents["c"]["standing"]["standing"] == 0
    await standings.flush()
    assert published(bus)[2:] == ["c"], "the round computed the same standing: nothing more"


async def test_a_vote_moves_every_standing_of_its_category() -> None:
    store, bus, standings = scoring()
    await screen(store, standings, given.screened("a"), given.screened("b"))
    await standings.flush()
    bus.published.clear()
    standings.mark((await apply_votes([(given.vote("a", "v1"), 0, 1)], store, given.edition_of,
                                      given.not_finalised)).dirty)
    await standings.flush()
    shares = {e.data.nomination_id: e.data.components.public for e in bus.on(topics.SCORES_UPDATED)}
    assert shares == {"a": 100.0, "b": 0.0}
    assert store.documents["a"]["standing"]["category_votes"] == 1


async def test_a_first_standing_the_broker_refused_is_published_by_the_next_round() -> None:
    store, bus, standings = scoring()
    await screen(store, standings, given.screened("a"))
    await standings.flush()
    bus.refusals = 1
    assert await screen(store, standings, given.screened("b")) == set()
    assert published(bus) == ["a"] and standings.outbox, "kept in the outbox"
    await standings.flush()
    assert published(bus) == ["a", "b"]


async def test_a_rejected_nomination_gets_no_standing() -> None:
    store, bus, standings = scoring()
    rejected = given.screened("r")
    await store.screened([(rejected.data, "rejected", given.JUDGING)], {})
    standings.mark({given.KEY})
    await standings.flush()
    assert published(bus) == [] and "standing" not in store.documents["r"]
