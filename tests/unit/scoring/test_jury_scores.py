"""Jury scores on fakes (``service_layer.jury_scores``): which count, which are refused and why, which wait
for their nomination or judge, and what happens when too many wait."""

from datetime import UTC, datetime
from typing import Any

from services.scoring.service_layer.jury_scores import apply_scores
from services.scoring.service_layer.screenings import apply_screenings
from services.scoring.service_layer.standings_rounds import StandingsPublisher
from tests.unit.fakes.scoring import FakeScoringStore, RecordingBus

from . import given


async def scoring(parked_scores_max: int = 10_000) -> tuple[FakeScoringStore, StandingsPublisher]:
    store = FakeScoringStore(parked_scores_max)
    return store, StandingsPublisher(store, RecordingBus(), given.edition_of, 0.1, 1000.0)


async def apply(store: FakeScoringStore, *events: Any) -> tuple[set[tuple[str, str]], dict[str, str]]:
    """The categories marked and ``{score event id: refusal code}``."""
    outcome = await apply_scores(list(events), store, given.edition_of, given.not_finalised)
    return outcome.dirty, {e.data.score_event_id: e.data.code for e in outcome.publish}


async def test_a_score_counts_once_its_nomination_and_judge_are_known_the_later_version_standing() -> None:
    store, standings = await scoring()
    await apply_screenings([given.screened("a")], store, standings, given.edition_of, given.not_finalised)
    await store.register_judge(given.judge("j1").data, given.JUDGING)
    later = {**given.SHEET, "interaction": 2.0}
    marked, refused = await apply(store, given.score("j1", "a", later, version=2), given.score("j1", "a", version=1))
    assert marked == {given.KEY} and refused == {}
    assert store.documents["a"]["jury"]["j1"]["scores"] == later, "the higher version stands, whatever the order"


async def test_a_score_that_cannot_count_is_refused_with_its_reason() -> None:
    store, standings = await scoring()
    await apply_screenings([given.screened("a"), given.screened("jo", country="JO")], store, standings,
                           given.edition_of, given.not_finalised)
    for judge in (given.judge("j1"), given.judge("j2", categories=("personalities",))):
        await store.register_judge(judge.data, given.JUDGING)
    outside = datetime(2024, 2, 1, tzinfo=UTC)
    events = {"own country": given.score("j1", "jo"), "other panel": given.score("j2", "a"),
              "late": given.score("j1", "a", at=outside), "criteria": given.score("j1", "a", {"interaction": 5.0}, 3)}
    marked, refused = await apply(store, *events.values())
    assert marked == set() and "jury" not in store.documents["a"]
    assert {name: refused[event.id] for name, event in events.items()} == {
        "own country": "CONFLICT_OWN_COUNTRY", "other panel": "NOT_ON_PANEL", "late": "OUTSIDE_JUDGING_WINDOW",
        "criteria": "CRITERIA_MISMATCH"}


async def test_a_score_before_its_nomination_waits_and_counts_when_it_is_screened() -> None:
    store, standings = await scoring()
    await store.register_judge(given.judge("j1").data, given.JUDGING)
    assert await apply(store, given.score("j1", "a")) == (set(), {})
    assert list(store.parked.parked) == [given.score("j1", "a").id]
    outcome = await apply_screenings([given.screened("a")], store, standings, given.edition_of, given.not_finalised)
    assert given.KEY in outcome.dirty and store.documents["a"]["jury"]["j1"]["scores"] == given.SHEET
    assert store.parked.parked == {}


async def test_a_full_parking_refuses_what_it_cannot_keep_and_keeps_what_it_holds() -> None:
    store, standings = await scoring(parked_scores_max=2)
    await store.register_judge(given.judge("j1").data, given.JUDGING)
    waiting = [given.score("j1", f"n{i}") for i in range(5)]
    _, refused = await apply(store, *waiting)
    assert refused == {event.id: "NOT_KNOWN_YET" for event in waiting[2:]}, "refused and told, not dropped"
    assert sorted(store.parked.parked) == sorted(event.id for event in waiting[:2])
    assert (await apply(store, waiting[0]))[1] == {}, "one already parked is parked again, full or not"
    await apply_screenings([given.screened("n0"), given.screened("n4")], store, standings, given.edition_of,
                           given.not_finalised)
    assert "jury" in store.documents["n0"] and "jury" not in store.documents["n4"]
    assert len(store.parked.parked) == 1, "n0's released: room for one more"



async def test_scores_for_ten_thousand_unknown_nominations_keep_the_parking_at_its_bound() -> None:
    store, _ = await scoring(parked_scores_max=500)
    await store.register_judge(given.judge("j1").data, given.JUDGING)
    refused: dict[str, str] = {}
    for batch in range(20):
        refused |= (await apply(store, *(given.score("j1", f"n{batch}-{i}") for i in range(500))))[1]
    assert len(store.parked.parked) == 500
    assert len(refused) == 9_500 and set(refused.values()) == {"NOT_KNOWN_YET"}, "each one refused is told"
