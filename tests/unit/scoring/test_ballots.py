"""Whether a public vote may be cast (``service_layer.ballots``), on fakes: an accepted nomination, an open
voting window in an edition not finalised, a voter without a counted vote in the category."""

from datetime import UTC, datetime, timedelta
from typing import cast

import pytest

from services.scoring.service_layer.ballots import (
    AlreadyVoted,
    EditionFinalised,
    UnknownNomination,
    VotingClosed,
    cast_vote,
    voter_id,
)
from services.scoring.service_layer.evidence import apply_votes
from shared.events.scoring import VoteCastEvent, voter_scope
from tests.unit.fakes.scoring import FakeScoringStore

from . import given

VOTER = voter_id("+201001234567", "secret")


async def store_with(status: str = "accepted") -> FakeScoringStore:
    store = FakeScoringStore()
    await store.screened([(given.screened("a").data, status, given.JUDGING)], {})
    return store


async def test_a_vote_for_an_accepted_nomination_in_its_window_is_keyed_by_the_voters_scope() -> None:
    keyed = await cast_vote("a", VOTER, await store_with(), given.edition_of, given.not_finalised, given.JUDGING)
    assert keyed.key == voter_scope(given.EDITION.id, given.CATEGORY, VOTER)
    assert (keyed.event.data.nomination_id, keyed.event.data.voter, keyed.event.time) == ("a", VOTER, given.JUDGING)
    again = await cast_vote("a", VOTER, await store_with(), given.edition_of, given.not_finalised, given.JUDGING)
    assert again.event.id == keyed.event.id, "a request sent again is the same event"


@pytest.mark.parametrize("status", ["rejected", None])
async def test_only_an_accepted_nomination_is_voted_for(status: str | None) -> None:
    store = await store_with(status) if status else FakeScoringStore()
    with pytest.raises(UnknownNomination):
        await cast_vote("a", VOTER, store, given.edition_of, given.not_finalised, given.JUDGING)


async def test_no_vote_outside_the_voting_window_or_in_an_unknown_edition() -> None:
    store = await store_with()
    with pytest.raises(VotingClosed):
        await cast_vote("a", VOTER, store, given.edition_of, given.not_finalised, datetime(2024, 1, 29, tzinfo=UTC))
    with pytest.raises(VotingClosed):
        await cast_vote("a", VOTER, store, lambda _: None, given.not_finalised, given.JUDGING)


async def test_no_vote_once_the_edition_is_finalised_even_inside_the_voting_window() -> None:
    """A forced finalisation closes voting before the window does: the intake refuses what the consumer
    would not count, instead of accepting a vote that is then dropped."""
    store = await store_with()
    finalised = given.JUDGING - timedelta(hours=1)
    assert given.EDITION.windows.voting.is_open_at(given.JUDGING)
    with pytest.raises(EditionFinalised, match="final"):
        await cast_vote("a", VOTER, store, given.edition_of, lambda _: finalised, given.JUDGING)
    keyed = await cast_vote("a", VOTER, store, given.edition_of, lambda _: given.JUDGING + timedelta(seconds=1),
                            given.JUDGING)
    outcome = await apply_votes([(cast(VoteCastEvent, keyed.event), 0, 1)], store, given.edition_of,
                                lambda _: given.JUDGING + timedelta(seconds=1))
    assert outcome.dirty == {given.KEY}, "a vote the intake takes before the finalisation is counted"
    late = given.vote("a", "late voter")
    assert (await apply_votes([(late, 0, 2)], store, given.edition_of, lambda _: finalised)).dirty == set()
    assert (await store.nomination("a") or {})["votes"] == 1, "the consumer refuses what the intake refuses"


async def test_a_voter_whose_vote_is_counted_in_the_category_is_told_so() -> None:
    store = await store_with()
    keyed = await cast_vote("a", VOTER, store, given.edition_of, given.not_finalised, given.JUDGING)
    await apply_votes([(cast(VoteCastEvent, keyed.event), 0, 1)], store, given.edition_of, given.not_finalised)
    with pytest.raises(AlreadyVoted) as refused:
        await cast_vote("a", VOTER, store, given.edition_of, given.not_finalised, given.JUDGING + timedelta(days=1))
    assert refused.value.first_at == given.JUDGING, "the date of the vote that counts"
    other = voter_id("+201001234568", "secret")
    keyed = await cast_vote("a", other, store, given.edition_of, given.not_finalised, given.JUDGING)
    assert keyed.event.data.voter == other


def test_the_voter_id_hides_the_contact_behind_the_secret() -> None:
    assert VOTER == voter_id("+201001234567", "secret") != voter_id("+201001234567", "another secret")
    assert "201001234567" not in VOTER and len(VOTER) == 64
