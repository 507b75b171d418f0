"""Screenings and standings reach the nominations view and mark their edition's boards
(services/results/service_layer/materialising.py); a standing published after its edition's finalisation
is recorded as late and not applied, judged by its own time."""

from datetime import timedelta

from tests.unit.results.given import EDITION, Results, screened, standing


async def test_screenings_and_standings_reach_the_view_and_mark_the_edition() -> None:
    results = Results()
    await results.materialiser.screened([screened("a")])
    await results.materialiser.standings([standing("a", 70.0, 2, version=2), standing("a", 60.0, 1, version=1)])

    doc = await results.view.get("a")
    assert doc is not None and (doc["status"], doc["standing"], doc["judges"]) == ("accepted", 70.0, 2)
    assert results.publisher.dirty == {EDITION.id}


async def test_a_standing_published_after_the_finalisation_is_kept_for_the_record_not_applied() -> None:
    results = Results()
    await results.judged({"a": EDITION.judges_per_nomination})
    state = await results.publisher.finalise(EDITION.id)
    results.publisher.dirty.clear()

    before = standing("a", 10.0, 1, version=2, at=state["finalised_at"] - timedelta(seconds=1))
    after = standing("a", 99.0, 9, version=3, at=state["finalised_at"] + timedelta(seconds=1))
    await results.materialiser.standings([before, after])

    late = await results.boards.late_events(EDITION.id)
    assert [(e["nomination_id"], e["kind"]) for e in late] == [("a", "standing")]
    assert (await results.view.get("a") or {}).get("standing") == 10.0
    assert results.publisher.dirty == {EDITION.id}  # by the standing that was in time


async def test_the_editions_topic_says_finalised_when_this_generation_has_no_record_yet() -> None:
    results = Results()
    results.editions.finalised[EDITION.id] = standing("x", 0, 0).time
    await results.materialiser.standings([standing("a", 50.0, 1, at=standing("x", 0, 0).time + timedelta(minutes=1))])

    assert len(await results.boards.late_events(EDITION.id)) == 1 and await results.view.get("a") is None
    assert results.publisher.dirty == set()


async def test_a_screened_nomination_is_found_by_any_spelling_of_its_name_and_named_by_its_id() -> None:
    results = Results()
    named = screened("a")
    nominee = named.data.nominee.model_copy(update={"name_ar": "وزارة الصحة", "name_en": "Ministry of Health"})
    await results.materialiser.screened([named.model_copy(update={"data": named.data.model_copy(
        update={"nominee": nominee})}), screened("b")])

    for spelling in ("وِزَارَةُ الصِّحَّة", "وزارة الصحه", "MINISTRY of health", "ministry-of health"):
        found = await results.view.search({}, spelling, 10, 0)
        assert [n["nomination_id"] for n in found] == ["a"], spelling
    assert await results.view.search({}, "Health!", 10, 0) != [], "punctuation is not part of a name"
    assert await results.view.search({}, "!", 10, 0) == [], "no name is found by punctuation alone"
    assert [n["nomination_id"] for n in await results.view.search({"country": "EG"}, None, 10, 0)] == ["a", "b"]
    doc = await results.view.get("a")
    assert doc is not None and "_id" not in doc and doc["nomination_id"] == "a"
    by_hamza = await results.view.search({}, "هيئة", 10, 0)
    assert [n["nomination_id"] for n in by_hamza] == ["b"] and "_id" not in by_hamza[0]
