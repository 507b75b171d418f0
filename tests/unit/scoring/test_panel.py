"""The panel's events on fakes (``service_layer.panel``): a recusal takes the judge's score away and marks
the category; a registration lets the scores waiting for that judge count."""

from services.scoring.service_layer.jury_scores import apply_scores
from services.scoring.service_layer.panel import apply_panel
from services.scoring.service_layer.screenings import apply_screenings
from services.scoring.service_layer.standings_rounds import StandingsPublisher
from tests.unit.fakes.scoring import FakeScoringStore, RecordingBus

from . import given


async def screened_and_judged() -> FakeScoringStore:
    store = FakeScoringStore()
    standings = StandingsPublisher(store, RecordingBus(), given.edition_of, 0.1, 1000.0)
    await apply_screenings([given.screened("a")], store, standings, given.edition_of, given.not_finalised)
    await apply_panel(given.judge("j1"), store, given.edition_of, given.not_finalised)
    await apply_scores([given.score("j1", "a")], store, given.edition_of, given.not_finalised)
    return store


async def test_a_recusal_drops_the_judges_score_marks_the_category_and_refuses_the_next() -> None:
    store = await screened_and_judged()
    assert "j1" in store.documents["a"]["jury"]
    outcome = await apply_panel(given.recused("j1", "a"), store, given.edition_of, given.not_finalised)
    assert outcome.dirty == {given.KEY} and store.documents["a"]["jury"] == {}
    again = await apply_scores([given.score("j1", "a", version=2)], store, given.edition_of, given.not_finalised)
    assert [event.data.code for event in again.publish] == ["JUDGE_RECUSED"] and store.documents["a"]["jury"] == {}
    assert (await apply_panel(given.recused("j1", "a"), store, given.edition_of, given.not_finalised)).dirty \
        == {given.KEY}, "a redelivered recusal changes nothing more"


async def test_a_recusal_from_a_nomination_scoring_does_not_hold_marks_nothing() -> None:
    store = await screened_and_judged()
    outcome = await apply_panel(given.recused("j1", "unknown"), store, given.edition_of, given.not_finalised)
    assert outcome.dirty == set() and await store.recused_judges("unknown") == {"j1"}


async def test_a_registration_applies_the_scores_that_waited_for_the_judge() -> None:
    store = await screened_and_judged()
    waiting = await apply_scores([given.score("j2", "a")], store, given.edition_of, given.not_finalised)
    assert waiting.dirty == set() and len(store.parked.parked) == 1
    outcome = await apply_panel(given.judge("j2", country="SA"), store, given.edition_of, given.not_finalised)
    assert outcome.dirty == {given.KEY} and set(store.documents["a"]["jury"]) == {"j1", "j2"}
    assert store.parked.parked == {}
