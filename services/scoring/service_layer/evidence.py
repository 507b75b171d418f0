"""Applying each kind of evidence: thin steps from an event to the evidence store.

Contract of every function here: safe to run again for the same event (redelivery), and the final
evidence does not depend on the order events of different nominations or topics arrive in. A score
whose nomination or judge is not known yet is parked and applied when they arrive; a score that can
never count is answered with ``judging.rejected``. Each returns the (edition, category) whose standings
may have changed, for the standings step, and any events to publish.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from shared.edition import Edition
from shared.failures import TransientFailure
from shared.events.envelope import CloudEvent, derived_id, new_event
from shared.events.scoring import (
    EngagementMetricsReportedEvent,
    JudgingRejected,
    JudgingRejectedEvent,
    JuryScoreSubmittedEvent,
    VoteCastEvent,
)

from ..adapters.evidence import MongoEvidence
from ..domain.indicators import HIGHER_IS_BETTER
from ..domain.judges import Judge, Nominee
from ..domain.jury import refusal

SOURCE = "urn:socialgov:awards:scoring"


@dataclass
class Outcome:
    dirty: set[tuple[str, str]] = field(default_factory=set)
    publish: list[CloudEvent[Any]] = field(default_factory=list)

    def merge(self, other: "Outcome") -> "Outcome":
        self.dirty |= other.dirty
        self.publish += other.publish
        return self


async def apply_score(event: JuryScoreSubmittedEvent, store: MongoEvidence, edition_of: Any,
                      finalised_at: Any) -> Outcome:
    score = event.data
    nomination, judge = await store.nomination(score.nomination_id), await store.judge(score.judge_id)
    if judge is None or nomination is None or "status" not in nomination:
        await store.park(event.id, event.model_dump_json(), score.nomination_id, score.judge_id)
        # Look again: the screening (or registration) may have landed, and released what was parked,
        # between the first look and the parking; one of the two sides always sees the other.
        nomination, judge = await store.nomination(score.nomination_id), await store.judge(score.judge_id)
        if judge is None or nomination is None or "status" not in nomination:
            return Outcome()
    await store.unpark(event.id)
    edition: Edition | None = edition_of(nomination["edition_id"])
    if edition is None:
        raise TransientFailure(f"edition {nomination['edition_id']} not read yet")
    nominee = Nominee.of(nomination["_id"], nomination["category"], nomination["country"],
                         nomination["name_ar"], nomination.get("name_en"))
    refused = refusal(score, event.time, Judge.of(judge), nominee,
                      nomination["status"] == "accepted",
                      await store.recused(score.judge_id, score.nomination_id), edition,
                      finalised_at(edition.id))
    if refused is not None:
        answer = JudgingRejected(nomination_id=score.nomination_id, judge_id=score.judge_id,
                                 score_event_id=event.id, code=refused.code, en=refused.en, ar=refused.ar)
        return Outcome(publish=[new_event(JudgingRejectedEvent, answer, id=derived_id("refused", event.id),
                                          source=SOURCE, time=event.time, subject=score.nomination_id,
                                          cause=event)])
    await store.set_score(score, event.id)
    return Outcome(dirty={(nomination["edition_id"], nomination["category"])})


async def release_parked(store: MongoEvidence, edition_of: Any, finalised_at: Any, *,
                         nomination_id: str | None = None, judge_id: str | None = None) -> Outcome:
    """Applies the scores that were waiting for this nomination or judge."""
    outcome = Outcome()
    for parked in await store.parked_for(nomination_id=nomination_id, judge_id=judge_id):
        event = JuryScoreSubmittedEvent.model_validate_json(parked["event"])
        outcome.merge(await apply_score(event, store, edition_of, finalised_at))
    return outcome


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
