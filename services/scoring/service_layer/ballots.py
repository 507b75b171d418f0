"""A public vote asked for over HTTP: whether it may be cast, and the ``votes`` event that casts it.

Contract: ``cast_vote(nomination_id, voter, ...)`` answers the vote event (keyed by the voter's scope)
when the nomination is accepted, a vote cast ``now`` may count (``domain.voting.why_vote_cannot_count``: the
edition's voting window open, the edition not finalised) and the voter has no vote counted in the
nomination's category yet; otherwise it raises the ``BallotRefused`` that says why.
Answering is not counting: the votes consumer (``evidence.apply_votes``) decides again, once per voter's
scope, in the order of the votes topic, so two ballots that both pass here still count once.
"""

import hashlib
import hmac
from datetime import datetime

from shared.events.envelope import derived_id, new_event
from shared.events.scoring import VoteCast, VoteCastEvent, voter_scope

from ..domain.voting import why_vote_cannot_count
from .ports import EditionOf, FinalisedAt, NominationDocument, ScoringStore
from .submissions import SOURCE, Keyed


class BallotRefused(Exception):
    """A vote that may not be cast; the message says why, to the voter."""


class UnknownNomination(BallotRefused):
    pass


class VotingClosed(BallotRefused):
    pass


class EditionFinalised(VotingClosed):
    pass


class AlreadyVoted(BallotRefused):
    def __init__(self, message: str, first_at: datetime | None = None) -> None:
        super().__init__(message)
        self.first_at = first_at  # when the counted vote was cast, when known


def voter_id(contact: str, secret: str) -> str:
    """The stored voter: an HMAC of the verified contact, which is never stored in clear."""
    return hmac.new(secret.encode(), contact.encode(), hashlib.sha256).hexdigest()


async def cast_vote(nomination_id: str, voter: str, store: ScoringStore,
                    edition_of: EditionOf, finalised_at: FinalisedAt, now: datetime) -> Keyed:
    nomination, scope = await ballot_scope(nomination_id, voter, store, edition_of, finalised_at, now)
    data = VoteCast(nomination_id=nomination_id, edition_id=nomination["edition_id"],
                    category=nomination["category"], voter=voter)
    return Keyed(new_event(VoteCastEvent, data, source=SOURCE, time=now, subject=nomination_id,
                           id=derived_id("vote", scope, nomination_id)), scope)


async def ballot_scope(nomination_id: str, voter: str, store: ScoringStore, edition_of: EditionOf,
                       finalised_at: FinalisedAt, now: datetime, *,
                       counted: bool = True) -> tuple[NominationDocument, str]:
    """The nomination and the voter's scope when a vote cast ``now`` may count; else the refusal.
    ``counted=False`` leaves out whether the voter has voted: that is told only to whoever proved the
    contact is theirs."""
    nomination = await store.nomination(nomination_id)
    if nomination is None or nomination.get("status") != "accepted":
        raise UnknownNomination(f"no accepted nomination {nomination_id}")
    closed = why_vote_cannot_count(edition_of(nomination["edition_id"]), finalised_at(nomination["edition_id"]), now)
    if closed == "finalised":
        raise EditionFinalised("voting is closed: this edition's results are final")
    if closed is not None:
        raise VotingClosed("voting is not open for this edition")
    scope = voter_scope(nomination["edition_id"], nomination["category"], voter)
    vote = await store.votes.counted_vote(scope) if counted else None
    if vote is not None:
        raise AlreadyVoted("this contact has already voted in this category", vote.get("at"))
    return nomination, scope
