"""Judging progress and a judge's assignments (``service_layer.progress``), on fakes."""

from services.scoring.service_layer.progress import assignments_of, judging_progress
from tests.unit.fakes.scoring import FakeScoringStore

from . import given


async def panel_of_four() -> FakeScoringStore:
    """Nominations a, b (Egypt) and c (Jordan); on their panel j1 (Saudi Arabia), j2 (Emirates) and j3
    (Jordan), and j4 on another panel."""
    store = FakeScoringStore()
    await store.screened([(given.screened(n, country=c).data, "accepted", given.JUDGING)
                          for n, c in (("a", "EG"), ("b", "EG"), ("c", "JO"))], {})
    for judge_id, country in (("j1", "SA"), ("j2", "AE"), ("j3", "JO")):
        await store.register_judge(given.judge(judge_id, country=country).data, given.JUDGING)
    await store.register_judge(given.judge("j4", "TN", categories=("personalities",)).data, given.JUDGING)
    return store


async def test_progress_counts_scores_up_to_the_editions_quota() -> None:
    store = await panel_of_four()
    assert given.EDITION.judges_per_nomination == 3
    await store.set_scores([(given.score(j, "a").data, f"e-{j}") for j in ("j1", "j2", "j3", "j4")]
                           + [(given.score("j1", "b").data, "e-b")])
    progress = await judging_progress(store, given.edition_of)
    assert progress["categories"] == [{
        "edition_id": given.EDITION.id, "category": given.CATEGORY, "nominations": 3, "fully_scored": 1,
        "scores": 4, "scores_needed": 9, "percent": 44.4, "judges_per_nomination": 3}], "a's fourth adds nothing"
    judges = progress["judges"]
    assert judges == {"j1": {"assigned": 3, "scored": 2}, "j2": {"assigned": 3, "scored": 1},
                      "j3": {"assigned": 2, "scored": 1}, "j4": {"assigned": 0, "scored": 0}}, "j3 never Jordan's c"


async def test_a_category_of_an_edition_not_read_is_left_out_not_guessed() -> None:
    store = await panel_of_four()
    assert (await judging_progress(store, lambda _: None))["categories"] == []
    assert await assignments_of("j1", store, lambda _: None) == []


async def test_a_judges_assignments_leave_out_conflicts_and_recusals() -> None:
    store = await panel_of_four()
    assert {a["nomination_id"] for a in await assignments_of("j3", store, given.edition_of)} == {"a", "b"}
    await store.recuse("j3", "a", "knows the team")
    await store.set_scores([(given.score("j3", "b").data, "e-b")])
    assert await assignments_of("j3", store, given.edition_of) == [
        {"nomination_id": "b", "category": given.CATEGORY, "name_ar": "هيئة", "scored": True}]
