"""The jury audit for staff (``service_layer.jury_audit``), on fakes: a report per category of a read
edition, and each flag told once."""

from services.scoring.service_layer.jury_audit import audit_reports, publish_new_flags
from shared import topics
from tests.unit.fakes.scoring import FakeScoringStore, RecordingBus

from . import given


async def split_panel() -> FakeScoringStore:
    """Four nominations every judge scored: two alike, one harsh by 3 points everywhere; a split on d."""
    store = FakeScoringStore()
    await store.screened([(given.screened(n).data, "accepted", given.JUDGING) for n in "abcd"], {})
    level = {"fair-1": 8.0, "fair-2": 8.0, "harsh": 5.0}
    for n in "abc":
        await store.set_scores([(given.score(j, n, dict.fromkeys(given.SHEET, v)).data, f"{j}-{n}")
                                for j, v in level.items()])
    await store.set_scores([(given.score(j, "d", dict.fromkeys(given.SHEET, v)).data, f"{j}-d")
                            for j, v in {"fair-1": 9.0, "fair-2": 1.0, "harsh": 5.0}.items()])
    return store


async def test_a_report_per_category_of_an_edition_read() -> None:
    store = await split_panel()
    [report] = await audit_reports(store, given.edition_of)
    assert (report["edition_id"], report["category"], report["nominations_scored"]) == (
        given.EDITION.id, given.CATEGORY, 4)
    assert [d["nomination_id"] for d in report["disputed"]] == ["d"]
    assert await audit_reports(store, lambda _: None) == []


async def test_each_flag_is_published_once() -> None:
    store, bus = await split_panel(), RecordingBus()
    category = given.EDITION.category(given.CATEGORY)
    assert category is not None
    docs = await store.accepted_in(*given.KEY)
    told = await publish_new_flags(given.EDITION.id, category, docs, store, bus)
    flags = {(e.data.flag, e.data.judge_id or e.data.nomination_id) for e in bus.on(topics.JURY_AUDIT)}
    assert told == len(flags) and ("dispute", "d") in flags and ("judge", "harsh") in flags
    assert await publish_new_flags(given.EDITION.id, category, docs, store, bus) == 0
    assert len(bus.on(topics.JURY_AUDIT)) == told
