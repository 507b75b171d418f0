"""Standings stored and not yet acknowledged (``service_layer.standing_outbox``), on the recording bus:
what the broker refuses stays pending, what it acknowledges leaves, and a restart loads every stored one."""

from datetime import UTC, datetime
from typing import Any

import pytest

from services.scoring.service_layer.standing_outbox import StandingOutbox, standing_event
from services.scoring.service_layer.standings_rounds import StandingsPublisher
from shared import topics
from shared.events.envelope import CloudEvent
from shared.topics import Topic
from tests.unit.fakes.scoring import FakeScoringStore, RecordingBus

from . import given


@pytest.fixture
async def stored() -> dict[str, Any]:
    """A standing body as a round stores it."""
    store = FakeScoringStore()
    await store.screened([(given.screened("a").data, "accepted", given.JUDGING)], {})
    standings = StandingsPublisher(store, RecordingBus(), given.edition_of, 1.0, 1000.0)
    standings.mark({given.KEY})
    await standings.flush()
    body: dict[str, Any] = store.documents["a"]["standing"]
    return body


def body(stored: dict[str, Any], standing: float) -> dict[str, Any]:
    return stored | {"standing": standing}


def published(bus: RecordingBus) -> list[tuple[str, int]]:
    return [(e.data.nomination_id, e.data.version) for e in bus.on(topics.SCORES_UPDATED)]


def test_a_standing_event_is_derived_from_its_nomination_and_version_and_dated_by_the_version(
        stored: dict[str, Any]) -> None:
    event = standing_event("a", 1_704_888_000_000, body(stored, 50.0))
    assert event.id == standing_event("a", 1_704_888_000_000, body(stored, 60.0)).id
    assert event.id != standing_event("a", 1_704_888_000_001, body(stored, 50.0)).id
    assert event.time == datetime(2024, 1, 10, 12, tzinfo=UTC) and event.subject == "a"


async def test_a_refused_publication_stays_pending_and_goes_with_the_next(stored: dict[str, Any]) -> None:
    bus = RecordingBus()
    outbox = StandingOutbox(bus)
    outbox.add({"a": (1, body(stored, 1.0)), "b": (1, body(stored, 2.0))})
    bus.refusals = 1
    await outbox.publish()
    assert outbox and set(outbox.pending) == {"a", "b"} and outbox.published == 0
    await outbox.publish()
    assert not outbox and sorted(published(bus)) == [("a", 1), ("b", 1)] and outbox.published == 2


async def test_a_version_added_while_the_older_one_was_published_stays_pending(stored: dict[str, Any]) -> None:
    outbox: StandingOutbox

    class SupersedingBus(RecordingBus):
        async def publish_each(self, topic: Topic, keyed: list[tuple[CloudEvent[Any], str]]
                               ) -> list[BaseException | None]:
            outbox.add({"a": (2, body(stored, 3.0))})  # stored by a round while the broker acknowledged v1
            return await super().publish_each(topic, keyed)

    bus = SupersedingBus()
    outbox = StandingOutbox(bus)
    outbox.add({"a": (1, body(stored, 1.0))})
    await outbox.publish()
    assert published(bus) == [("a", 1)] and outbox.pending == {"a": (2, body(stored, 3.0))}


async def test_publish_now_keeps_only_the_refused_unless_a_newer_version_is_pending(stored: dict[str, Any]) -> None:
    bus = RecordingBus()
    outbox = StandingOutbox(bus)
    await outbox.publish_now({"a": (1, body(stored, 1.0))})
    assert published(bus) == [("a", 1)] and not outbox and outbox.published == 1
    outbox.add({"b": (5, body(stored, 5.0))})
    bus.refusals = 1
    await outbox.publish_now({"b": (4, body(stored, 4.0)), "c": (4, body(stored, 4.0))})
    assert outbox.pending == {"b": (5, body(stored, 5.0)), "c": (4, body(stored, 4.0))}


async def test_a_restart_loads_every_stored_standing_to_publish_it_again(stored: dict[str, Any]) -> None:
    store = FakeScoringStore()
    await store.screened([(given.screened(n).data, "accepted", given.JUDGING) for n in ("a", "b")], {})
    await store.store_standings({"a": (7, body(stored, 1.0))})
    outbox = StandingOutbox(RecordingBus())
    await outbox.load(store)
    assert outbox.pending == {"a": (7, body(stored, 1.0))}
