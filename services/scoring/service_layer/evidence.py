"""Applying metrics and votes: thin steps from an event to the evidence store (jury scores: see
``jury_scores``).

Contract of every function here and there: safe to run again for the same event (redelivery), and the
final evidence does not depend on the order events of different nominations or topics arrive in. Each
returns the (edition, category) whose standings may have changed, for the standings step, and any events
to publish.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from shared.edition import Edition
from shared.events.envelope import CloudEvent
from shared.events.scoring import EngagementMetricsReportedEvent, VoteCastEvent

from ..adapters.evidence import MongoEvidence
from ..domain.indicators import HIGHER_IS_BETTER

SOURCE = "urn:socialgov:awards:scoring"


@dataclass
class Outcome:
    dirty: set[tuple[str, str]] = field(default_factory=set)
    publish: list[CloudEvent[Any]] = field(default_factory=list)

    def merge(self, other: "Outcome") -> "Outcome":
        self.dirty |= other.dirty
        self.publish += other.publish
        return self


async def apply_metrics(event: EngagementMetricsReportedEvent, store: MongoEvidence) -> Outcome:
    m = event.data
    values = {name: float(getattr(m, name)) for name in HIGHER_IS_BETTER}
    await store.set_metrics(m.nomination_id, m.measured_to, values)
    return await _dirty_if_accepted(store, m.nomination_id)


async def apply_vote(event: VoteCastEvent, store: MongoEvidence, edition: Edition | None,
                     finalised_at: datetime | None, partition: int, offset: int) -> Outcome:
    """One vote per voter per category and edition: the first in the votes partition (keyed by the
    voter's scope, so the order is fixed) counts; later ones are refused, not counted."""
    vote = event.data
    if edition is None or not edition.windows.voting.is_open_at(event.time):
        return Outcome()
    if finalised_at is not None and event.time >= finalised_at:
        return Outcome()
    known = await store.nomination(vote.nomination_id)
    if known and "category" in known and (known["category"], known["edition_id"]) != (vote.category, vote.edition_id):
        return Outcome()  # a vote must be cast in its nomination's own category and edition
    scope = f"{vote.edition_id}|{vote.category}|{vote.voter}"
    if not await store.first_vote(scope, vote.nomination_id, event.id, partition, offset):
        return Outcome()
    await store.count_vote(vote.nomination_id, partition, offset)
    return await _dirty_if_accepted(store, vote.nomination_id)


async def _dirty_if_accepted(store: MongoEvidence, nomination_id: str) -> Outcome:
    doc = await store.nomination(nomination_id)
    if doc is None or doc.get("status") != "accepted":
        return Outcome()
    return Outcome(dirty={(doc["edition_id"], doc["category"])})
