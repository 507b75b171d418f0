"""Which standings of a category changed since they were stored (``service_layer.changed_standings``), on
the fake store: new standings get a version above the stored one, unchanged ones are not given again,
and a vote that moves the category's totals changes every standing it moves."""

from services.scoring.service_layer.category_rounds import CategoryRounds
from services.scoring.service_layer.changed_standings import ChangedStandings
from services.scoring.service_layer.ports import Versioned
from tests.unit.fakes.scoring import FakeScoringStore

from . import given

CATEGORY = given.category_of(given.EDITION)


async def accepted(*nomination_ids: str) -> FakeScoringStore:
    store = FakeScoringStore()
    await store.screened([(given.screened(n).data, "accepted", given.JUDGING) for n in nomination_ids], {})
    return store


async def changed(store: FakeScoringStore, changes: ChangedStandings) -> dict[str, Versioned]:
    docs = await store.accepted_in(*given.KEY)
    found = changes.of(docs, CATEGORY, given.EDITION, None, store.stamp)
    await store.store_standings(found)
    return found


async def test_every_new_standing_is_changed_then_none_until_its_evidence_moves() -> None:
    store, changes = await accepted("a", "b"), ChangedStandings(CategoryRounds())
    first = await changed(store, changes)
    assert set(first) == {"a", "b"}
    assert await changed(store, changes) == {}, "the same evidence: nothing to publish"
    await store.votes.count([("a", 0, 1)], {})
    moved = await changed(store, changes)
    assert set(moved) == {"a", "b"}, "a vote moves both shares of the category's votes"
    assert moved["a"][1]["standing"] != first["a"][1]["standing"]
    assert all(moved[n][0] > first[n][0] for n in moved), "versions only increase"
    assert await changed(store, changes) == {}


async def test_a_standing_equal_to_the_stored_one_is_not_changed_even_computed_anew() -> None:
    store = await accepted("a")
    stored = await changed(store, ChangedStandings(CategoryRounds()))
    fresh = ChangedStandings(CategoryRounds())  # a new process: nothing remembered, the stored body compared
    assert await changed(store, fresh) == {}
    assert store.documents["a"]["standing_version"] == stored["a"][0]


async def test_a_version_follows_the_stored_one_even_when_the_clock_is_behind() -> None:
    store = await accepted("a")
    await store.store_standings({"a": (10**15, {"standing": -1.0})})  # a version from far ahead, another body
    found = await changed(store, ChangedStandings(CategoryRounds()))
    assert found["a"][0] == 10**15 + 1
