"""Publishing category milestones on ``categories.milestones``: a new top three, the end of judging.

Contract: each rebuilt leaderboard is compared with what was last told about its category (not with the
previous board, which a crash may already have replaced). A change is recorded with its events in the
category's outbox, then published, then the outbox is cleared; whatever a crash left in an outbox is
published again (same event ids) before anything new. The first full jury of a category is told once.
"""

from typing import Any

from shared import topics
from shared.events.catalogue import adapter
from shared.events.envelope import derived_id, new_event
from shared.events.milestones import (
    CategoryFullyScored,
    CategoryFullyScoredEvent,
    PodiumChanged,
    PodiumChangedEvent,
    PodiumPlace,
)

from ..domain.milestones import fully_scored, podium
from .ports import Document, EventPublisher, Milestones

SOURCE = "urn:socialgov:awards:results"
MILESTONE = adapter(topics.CATEGORY_MILESTONES)


class CategoryMilestones:
    def __init__(self, store: Milestones, bus: EventPublisher, generation: int = 0) -> None:
        self.store, self.bus, self.generation = store, bus, generation
        # While a new generation replays history it records what it sees but tells nobody: staff were
        # told when it happened.
        self.quiet = False

    async def observe(self, edition_id: str, category: str, rows: list[Document],
                      judges_per_nomination: int | None) -> None:
        """``judges_per_nomination`` is the edition's quota; None (edition unknown) tells no end of judging."""
        key = f"{edition_id}|{category}"
        told = await self.store.get(key)
        await self._publish(key, told["outbox"])
        top = podium(rows)
        top_ids = [place["nomination_id"] for place in top]
        events: list[Any] = []
        change = told["change"]
        if top and top_ids != told["podium"]:
            change += 1
            changed = PodiumChanged(edition_id=edition_id, category=category, change=change,
                                    podium=[PodiumPlace(**place) for place in top], previous=told["podium"])
            events.append(new_event(PodiumChangedEvent, changed, source=SOURCE, subject=key,
                                    id=derived_id("podium", key, str(change),
                                                  *([f"g{self.generation}"] if self.generation else []))))
        complete = judges_per_nomination is not None and fully_scored(rows, judges_per_nomination)
        if complete and not told["fully_scored"] and judges_per_nomination is not None:
            scored = CategoryFullyScored(edition_id=edition_id, category=category, nominations=len(rows),
                                         judges_per_nomination=judges_per_nomination)
            events.append(new_event(CategoryFullyScoredEvent, scored, source=SOURCE, subject=key,
                                    id=derived_id("fully-scored", key)))
        if not events:
            return
        outbox = [] if self.quiet else [e.model_dump(mode="json") for e in events]
        await self.store.record(key, top_ids or told["podium"], change, complete or told["fully_scored"], outbox)
        await self._publish(key, outbox)

    async def flush_outboxes(self) -> None:
        """On start: whatever a crash left unpublished."""
        for doc in await self.store.with_outbox():
            await self._publish(doc["_id"], doc["outbox"])

    async def _publish(self, key: str, outbox: list[Document]) -> None:
        if not outbox:
            return
        for stored in outbox:
            await self.bus.publish(topics.CATEGORY_MILESTONES, MILESTONE.validate_python(stored), key=key)
        await self.store.clear_outbox(key)
