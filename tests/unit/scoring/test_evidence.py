"""Votes and metrics on fakes (``service_layer.evidence``): one vote per voter per category, in its
window, counted once however often it is delivered; the latest metrics snapshot stands."""

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from services.scoring.service_layer.evidence import apply_metrics, apply_votes
from shared.events.envelope import new_event
from shared.events.scoring import EngagementMetricsReported, EngagementMetricsReportedEvent
from tests.unit.fakes.scoring import FakeScoringStore

from . import given


async def accepted(*nomination_ids: str, category: str = given.CATEGORY) -> FakeScoringStore:
    store = FakeScoringStore()
    await store.screened([(given.screened(n, category=category).data, "accepted", given.JUDGING)
                          for n in nomination_ids], {})
    return store


async def count(store: FakeScoringStore, records: list[tuple[Any, int, int]],
                finalised_at: datetime | None = None) -> set[tuple[str, str]]:
    return (await apply_votes(records, store, given.edition_of, lambda _: finalised_at)).dirty


async def test_one_vote_per_voter_per_category_the_first_in_the_partition() -> None:
    store = await accepted("a", "b")
    marked = await count(store, [(given.vote("a", "v1"), 0, 10), (given.vote("b", "v1"), 0, 11),
                                 (given.vote("b", "v2"), 1, 3)])
    assert marked == {given.KEY}
    assert (store.documents["a"]["votes"], store.documents["b"]["votes"]) == (1, 1)


async def test_a_redelivered_batch_counts_nothing_twice() -> None:
    store = await accepted("a")
    batch = [(given.vote("a", f"v{i}"), 0, i) for i in range(5)]
    await count(store, batch)
    await count(store, batch)
    await count(store, batch[2:])
    assert store.documents["a"]["votes"] == 5


async def test_a_redelivered_batch_changes_nothing_stored() -> None:
    """No write at all, as with the adapter: the documents stay as they were and keep their stamps, so the
    next round recomputes nothing for a redelivery."""
    store = await accepted("a")
    batch = [(given.vote("a", f"v{i}"), 0, i) for i in range(3)]
    await count(store, batch)
    before = copy.deepcopy(store.documents), dict(store.stamps)
    await count(store, batch)
    await count(store, batch[1:])
    assert (store.documents, store.stamps) == before
    assert store.documents["a"]["votes"] == 3


async def test_a_vote_out_of_its_window_after_finalisation_or_in_another_category_is_not_counted() -> None:
    store = await accepted("a")
    late = given.JUDGING.replace(month=2)
    assert await count(store, [(given.vote("a", "v1", at=late), 0, 1)]) == set()
    assert await count(store, [(given.vote("a", "v2"), 0, 2)], finalised_at=given.JUDGING) == set()
    assert await count(store, [(given.vote("a", "v3", category="personalities"), 0, 3)]) == set()
    assert store.documents["a"].get("votes", 0) == 0


def metrics(nomination_id: str, measured_to: datetime, engagement_rate: float) -> Any:
    data = EngagementMetricsReported(
        nomination_id=nomination_id, source="urn:monitor", measured_from=measured_to - timedelta(days=7),
        measured_to=measured_to, followers=1000, posts=10, engagement_rate=engagement_rate, reply_rate=0.5,
        median_reply_minutes=30, follower_growth=0.1)
    return new_event(EngagementMetricsReportedEvent, data, id=f"m-{nomination_id}-{measured_to.isoformat()}",
                     source="urn:monitor", subject=nomination_id)


async def test_the_snapshot_measured_last_stands_whatever_order_snapshots_arrive_in() -> None:
    store = await accepted("a")
    newer, older = datetime(2024, 1, 9, tzinfo=UTC), datetime(2024, 1, 2, tzinfo=UTC)
    assert (await apply_metrics(metrics("a", newer, 0.3), store)).dirty == {given.KEY}
    await apply_metrics(metrics("a", older, 0.9), store)
    assert store.documents["a"]["metrics"]["engagement_rate"] == 0.3
    assert (await apply_metrics(metrics("unscreened", newer, 0.3), store)).dirty == set()
