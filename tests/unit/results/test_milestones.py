"""Category milestones (services/results/service_layer/milestones.py) on fakes: each new top three is told
with a growing change number, the first full jury (the edition's quota) once, nothing while a rebuild
replays quietly, and what an outbox still holds is published again before anything new."""

from typing import Any

from services.results.domain.leaderboard import leaderboard
from services.results.domain.milestones import fully_scored, podium
from services.results.service_layer.milestones import CategoryMilestones
from shared.events.envelope import event_type
from tests.unit.fakes.results import FakeEventBus, FakeMilestones

PODIUM, FULL = event_type("category.podium.changed"), event_type("category.fully_scored")


def rows(judges: dict[str, int], order: str) -> list[dict[str, Any]]:
    """A ranked leaderboard of ``judges`` (nomination → jury scores), ranked in ``order``."""
    return leaderboard([{"nomination_id": nid, "status": "accepted", "country": "EG", "judges": count,
                         "standing": 90.0 - order.index(nid), "nominee": {"name_ar": nid}}
                        for nid, count in judges.items()])


async def test_a_new_podium_is_told_each_time_and_the_full_jury_once() -> None:
    store, bus = FakeMilestones(), FakeEventBus()
    milestones = CategoryMilestones(store, bus)
    await milestones.observe("e", "c", rows({"a": 3, "b": 2}, "ab"), 3)
    await milestones.observe("e", "c", rows({"a": 3, "b": 2}, "ab"), 3)  # nothing new
    await milestones.observe("e", "c", rows({"a": 3, "b": 3}, "ba"), 3)
    await milestones.observe("e", "c", rows({"a": 3, "b": 3}, "ab"), 3)

    assert bus.types() == [PODIUM, PODIUM, FULL, PODIUM]
    assert [e.data.change for _, e, _ in bus.published if e.type == PODIUM] == [1, 2, 3]
    assert (await store.get("e|c"))["outbox"] == []


async def test_an_edition_the_service_does_not_know_never_ends_judging() -> None:
    bus = FakeEventBus()
    await CategoryMilestones(FakeMilestones(), bus).observe("e", "c", rows({"a": 9}, "a"), None)
    assert bus.types() == [PODIUM]


async def test_a_quiet_replay_records_but_tells_nobody_and_an_outbox_left_is_published_first() -> None:
    store, bus = FakeMilestones(), FakeEventBus()
    quiet = CategoryMilestones(store, bus)
    quiet.quiet = True
    await quiet.observe("e", "c", rows({"a": 1}, "a"), 1)
    assert bus.published == [] and (await store.get("e|c"))["fully_scored"] is True

    await CategoryMilestones(store, bus).observe("e", "c2", rows({"a": 1}, "a"), 1)
    left = bus.published[0][1].model_dump(mode="json")
    await store.record("e|c3", ["a"], 1, False, [left])  # a crash between recording and publishing
    bus.published.clear()
    await CategoryMilestones(store, bus).flush_outboxes()
    assert [e.id for _, e, _ in bus.published] == [left["id"]] and await store.with_outbox() == []


def test_the_podium_counts_only_nominations_with_a_standing_and_full_juries_end_judging() -> None:
    rows = [{"rank": r, "nomination_id": f"n-{r}", "name_ar": "أ", "name_en": None, "country": "EG",
             "standing": s, "judges": j} for r, s, j in ((1, 80.0, 3), (2, 60.0, 3), (3, None, 0), (4, None, 0))]
    assert [p["nomination_id"] for p in podium(rows)] == ["n-1", "n-2"]
    assert not fully_scored(rows, 3)
    assert fully_scored(rows[:2], 3) and not fully_scored([], 3)
