"""What the voting page of a category lists: its accepted nominees as submitted, and whether a vote
cast now could count (``domain.voting``)."""

from dataclasses import dataclass
from datetime import datetime

from shared.edition import Category, Edition

from ..domain.voting import Closed, why_vote_cannot_count
from .ports import EditionOf, FinalisedAt, NominationDocument, ScoringStore


@dataclass(frozen=True)
class BallotPaper:
    edition: Edition
    category: Category
    nominees: list[NominationDocument]
    closed: Closed | None


async def ballot_paper(edition_id: str, category: str, store: ScoringStore, edition_of: EditionOf,
                       finalised_at: FinalisedAt, now: datetime) -> BallotPaper | None:
    """None for an edition not read or a category it lacks."""
    edition = edition_of(edition_id)
    found = edition.category(category) if edition else None
    if edition is None or found is None:
        return None
    nominees = sorted(await store.accepted_in(edition_id, category), key=lambda n: (n["name_ar"], n["_id"]))
    return BallotPaper(edition, found, nominees, why_vote_cannot_count(edition, finalised_at(edition_id), now))
