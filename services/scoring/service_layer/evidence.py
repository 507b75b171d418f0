"""Applying metrics and votes: thin steps from an event to the evidence store (jury scores: see
``jury_scores``).

Contract of every function here and there: safe to run again for the same event (redelivery), and the
final evidence does not depend on the order events of different nominations or topics arrive in. Each
returns the (edition, category) whose standings may have changed, for the standings step, and any events
to publish.

Evidence for a nomination scoring has not seen is kept, in a document of its own that the screening
completes: metrics and votes travel on other topics than the screenings and may come first. It is not
bounded as the parked jury scores are: only the systems given access to Kafka write these topics (the
public vote intake refuses a nomination that is not accepted, ``ballots.cast_vote``), whereas anyone
holding a judge's key can send scores for made-up nominations over HTTP.
"""

from dataclasses import dataclass, field
from typing import Any

from shared.events.envelope import CloudEvent
from shared.events.scoring import EngagementMetricsReportedEvent, VoteCastEvent, voter_scope

from ..domain.indicators import HIGHER_IS_BETTER
from ..domain.voting import vote_may_count
from .ports import EditionOf, FinalisedAt, ScoringStore

SOURCE = "urn:socialgov:awards:scoring"


@dataclass
class Outcome:
    dirty: set[tuple[str, str]] = field(default_factory=set)
    publish: list[CloudEvent[Any]] = field(default_factory=list)

    def merge(self, other: "Outcome") -> "Outcome":
        self.dirty |= other.dirty
        self.publish += other.publish
        return self


async def apply_metrics(event: EngagementMetricsReportedEvent, store: ScoringStore) -> Outcome:
    m = event.data
    values = {name: float(getattr(m, name)) for name in HIGHER_IS_BETTER}
    await store.set_metrics(m.nomination_id, m.measured_to, values)
    return await _dirty_if_accepted(store, m.nomination_id)


async def apply_votes(votes: list[tuple[VoteCastEvent, int, int]], store: ScoringStore, edition_of: EditionOf,
                      finalised_at: FinalisedAt) -> Outcome:
    """``[(vote, partition, offset)]`` of a batch, counted as one at a time would count them: one vote
    per voter per category and edition, the first in the votes partition (keyed by the voter's scope,
    so the order is fixed); later ones are refused, a redelivered record counts once. A vote that may
    not count at its time (``domain.voting.vote_may_count``: voting window, finalisation) or cast in
    another category than its nomination's is not counted. One read of the nominations, one insert of
    the voters' scopes, one counting write per partition."""
    timely = [(vote, partition, offset) for vote, partition, offset in votes
              if vote_may_count(edition_of(vote.data.edition_id), finalised_at(vote.data.edition_id), vote.time)]
    known = await store.nominations_by_id({vote.data.nomination_id for vote, _, _ in timely})
    first: dict[str, tuple[VoteCastEvent, int, int]] = {}
    for vote, partition, offset in timely:
        doc = known.get(vote.data.nomination_id)
        own = (vote.data.category, vote.data.edition_id)
        if doc and "category" in doc and (doc["category"], doc["edition_id"]) != own:
            continue  # a vote must be cast in its nomination's own category and edition
        scope = voter_scope(vote.data.edition_id, vote.data.category, vote.data.voter)
        first.setdefault(scope, (vote, partition, offset))
    counted = await store.votes.first({scope: (vote.data.nomination_id, vote.id, partition, offset, vote.time)
                                       for scope, (vote, partition, offset) in first.items()})
    tallied = [first[scope] for scope in counted]
    await store.votes.count([(vote.data.nomination_id, partition, offset) for vote, partition, offset in tallied],
                            known)
    # The vote's own category, whatever its nomination's status was when read: a screening stored
    # meanwhile marks its category only once written, maybe before this count.
    return Outcome(dirty={(vote.data.edition_id, vote.data.category) for vote, _, _ in tallied})


async def _dirty_if_accepted(store: ScoringStore, nomination_id: str) -> Outcome:
    doc = await store.nomination(nomination_id)
    if doc is None or doc.get("status") != "accepted":
        return Outcome()
    return Outcome(dirty={(doc["edition_id"], doc["category"])})
