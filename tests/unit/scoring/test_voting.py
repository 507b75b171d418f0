"""When a public vote may count (``domain.voting``): inside the edition's voting window and before its
finalisation, whichever closes first."""

from datetime import UTC, datetime, timedelta

from services.scoring.domain.voting import vote_may_count, why_vote_cannot_count

from . import given

OPEN = given.JUDGING
AFTER_WINDOW = datetime(2024, 1, 29, tzinfo=UTC)


def test_a_vote_in_the_window_of_an_edition_not_finalised_counts() -> None:
    assert why_vote_cannot_count(given.EDITION, None, OPEN) is None
    assert vote_may_count(given.EDITION, OPEN + timedelta(microseconds=1), OPEN)


def test_the_finalisation_closes_voting_at_its_instant_even_inside_the_window() -> None:
    assert why_vote_cannot_count(given.EDITION, OPEN, OPEN) == "finalised"
    assert why_vote_cannot_count(given.EDITION, OPEN - timedelta(days=1), OPEN) == "finalised"
    assert not vote_may_count(given.EDITION, OPEN, OPEN)


def test_outside_the_window_or_in_an_unknown_edition_no_vote_counts() -> None:
    assert why_vote_cannot_count(given.EDITION, None, AFTER_WINDOW) == "outside the voting window"
    assert why_vote_cannot_count(None, None, OPEN) == "outside the voting window"
    assert not vote_may_count(None, None, OPEN)
