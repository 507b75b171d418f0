"""Standings stored and not yet acknowledged by the broker, published from here.

A new version is stored before it is published; a publish that fails stays here and is tried again
each round (the next round finds the stored standing unchanged and would not publish it again), and a
restart loads every stored standing back (same event id, so readers drop what they already have).

Contract: ``add`` after the store; ``publish`` hands everything pending to the producer at once and
keeps what was not acknowledged; ``publish_now(stored)`` publishes only these (stored elsewhere than in
a round) and keeps those not acknowledged pending; ``published`` counts the acknowledged since
``published`` was reset.
"""

from datetime import UTC, datetime
from typing import Any

from shared import topics
from shared.events.envelope import CloudEvent, derived_id, new_event
from shared.events.scoring import StandingUpdated, StandingUpdatedEvent

from .evidence import SOURCE
from .ports import EventPublisher, ScoringStore, Versioned


def standing_event(nomination_id: str, version: int, body: dict[str, Any]) -> CloudEvent[Any]:
    update = StandingUpdated.model_validate({**body, "nomination_id": nomination_id, "version": version})
    # The version is the publication time in ms: a republication on start carries the first one's time,
    # so readers judging lateness by event time see the same event, not a new late one.
    return new_event(StandingUpdatedEvent, update, id=derived_id("standing", nomination_id, str(version)),
                     source=SOURCE, subject=nomination_id, time=datetime.fromtimestamp(version / 1000, UTC))


class StandingOutbox:
    def __init__(self, bus: EventPublisher) -> None:
        self.bus = bus
        self.pending: dict[str, Versioned] = {}
        self.published = 0

    def __bool__(self) -> bool:
        return bool(self.pending)

    def add(self, stored: dict[str, Versioned]) -> None:
        self.pending |= stored

    async def publish(self) -> None:
        pending = list(self.pending.items())
        for (nomination_id, (version, _)), failure in zip(pending, await self._publish(pending), strict=True):
            if failure is None:
                self.published += 1
                if self.pending.get(nomination_id, (None,))[0] == version:  # not superseded meanwhile
                    del self.pending[nomination_id]

    async def publish_now(self, stored: dict[str, Versioned]) -> None:
        items = list(stored.items())
        for (nomination_id, versioned), failure in zip(items, await self._publish(items), strict=True):
            if failure is None:
                self.published += 1
            elif self.pending.get(nomination_id, (-1,))[0] < versioned[0]:
                self.pending[nomination_id] = versioned

    async def _publish(self, items: list[tuple[str, Versioned]]) -> list[BaseException | None]:
        return await self.bus.publish_each(topics.SCORES_UPDATED, [
            (standing_event(nomination_id, version, body), nomination_id) for nomination_id, (version, body) in items])

    async def load(self, store: ScoringStore) -> None:
        """Every stored standing, to be published again after a restart."""
        for edition_id, category in await store.categories():
            for doc in await store.accepted_in(edition_id, category):
                if "standing" in doc:
                    self.pending[doc["_id"]] = (doc["standing_version"], doc["standing"])
