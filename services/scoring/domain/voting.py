"""When a public vote may still count: one rule for the HTTP intake (``service_layer.ballots``) and the
votes consumer (``service_layer.evidence``), so a vote the intake accepts is not one the consumer drops.

A vote counts when its edition's voting window is open at the vote's time and the edition was not
finalised at or before that time: once the winners are announced the standings are closed, even while
the voting window set when the edition was published is still open (a forced finalisation).
"""

from datetime import datetime
from typing import Literal

from shared.edition import Edition

Closed = Literal["finalised", "outside the voting window"]


def why_vote_cannot_count(edition: Edition | None, finalised_at: datetime | None, at: datetime) -> Closed | None:
    """Why a vote cast ``at`` does not count for this edition, or None when it does (an edition not
    known counts as outside its voting window)."""
    if finalised_at is not None and at >= finalised_at:
        return "finalised"
    if edition is None or not edition.windows.voting.is_open_at(at):
        return "outside the voting window"
    return None


def vote_may_count(edition: Edition | None, finalised_at: datetime | None, at: datetime) -> bool:
    return why_vote_cannot_count(edition, finalised_at, at) is None
