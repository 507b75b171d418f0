"""The judges' portal's desk and sheet (``service_layer.judge_desk``), on fakes: what is the judge's, what
is not and why, and a sheet that says why marks would not count."""

from datetime import timedelta

from services.scoring.service_layer.judge_desk import desk, sheet
from shared.events.scoring import JudgingRejected
from tests.unit.fakes.scoring import FakeScoringStore

from . import given
from .test_progress import panel_of_four


async def test_the_desk_lists_the_judges_nominations_with_progress_and_the_others_with_why() -> None:
    store = await panel_of_four()
    await store.recuse("j3", "b", "knows the team")
    await store.set_scores([(given.score("j3", "a").data, "e-a")])
    name, [category] = await desk("j3", store, given.edition_of, given.not_finalised, given.JUDGING)
    assert name == "j3" and category.category.code == given.CATEGORY
    assert [(e.nomination_id, e.scored) for e in category.mine] == [("a", True)]
    assert category.scored == 1
    assert {e.nomination_id: why.code for e, why in category.not_mine} == {
        "b": "JUDGE_RECUSED", "c": "CONFLICT_OWN_COUNTRY"}
    assert {why.ar for _, why in category.not_mine} >= {"لدى المحكِّم تعارض مصالح مع هذا المرشح."}


async def test_a_judge_of_no_panel_has_an_empty_desk_and_another_panel_sees_nothing_here() -> None:
    store = await panel_of_four()
    assert await desk("j-unknown", store, given.edition_of, given.not_finalised, given.JUDGING) == ("j-unknown", [])
    assert await desk("j4", store, given.edition_of, given.not_finalised, given.JUDGING) == ("j4", [])


async def test_a_sheet_holds_the_nominee_criteria_marks_and_refusals_latest_first() -> None:
    store = await panel_of_four()
    await store.set_scores([(given.score("j1", "a", version=5).data, "e-a")])
    refused = [(JudgingRejected(nomination_id="a", judge_id="j1", score_event_id=f"s{n}", code="OUTSIDE_JUDGING_WINDOW",
                                en="late", ar="متأخرة"), given.JUDGING + timedelta(hours=n)) for n in (1, 2)]
    await store.refusals.record([*refused, refused[0]])
    found = await sheet("j1", "a", store, given.edition_of, given.not_finalised, given.JUDGING)
    assert found is not None and found.blocked is None and found.assigned
    assert found.nomination["accounts"] == [{"platform": "x", "url": "https://x.com/a"}]
    assert [c.code for c in found.category.criteria] == list(given.SHEET)
    assert found.marks is not None and found.marks["version"] == 5 and found.marks["scores"] == given.SHEET
    assert [answer.score_event_id for answer, _ in found.refusals] == ["s2", "s1"], "once each, latest first"


async def test_a_sheet_says_why_marks_would_not_count() -> None:
    store = await panel_of_four()
    own_country = await sheet("j3", "c", store, given.edition_of, given.not_finalised, given.JUDGING)
    assert own_country is not None and own_country.blocked is not None
    assert own_country.blocked.code == "CONFLICT_OWN_COUNTRY" and not own_country.assigned
    closed = given.EDITION.windows.judging.closes + timedelta(days=1)
    late = await sheet("j1", "a", store, given.edition_of, given.not_finalised, closed)
    assert late is not None and late.blocked is not None and late.blocked.code == "OUTSIDE_JUDGING_WINDOW"
    other_panel = await sheet("j4", "a", store, given.edition_of, given.not_finalised, given.JUDGING)
    assert other_panel is not None and other_panel.blocked is not None and other_panel.blocked.code == "NOT_ON_PANEL"


async def test_no_sheet_for_an_unknown_or_rejected_nomination() -> None:
    store = FakeScoringStore()
    await store.screened([(given.screened("r").data, "rejected", given.JUDGING)], {})
    for nomination_id in ("r", "missing"):
        assert await sheet("j1", nomination_id, store, given.edition_of, given.not_finalised, given.JUDGING) is None
