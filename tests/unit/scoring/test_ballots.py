"""Whether a public vote may be cast (``service_layer.ballots``), on fakes: an accepted nomination, an open
voting window, a voter without a counted vote in the category."""

from datetime import UTC, datetime
from typing import cast

import pytest

from services.scoring.service_layer.ballots import AlreadyVoted, UnknownNomination, VotingClosed, cast_vote, voter_id
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
    keyed = await cast_vote("a", VOTER, await store_with(), given.edition_of, given.JUDGING)
    assert keyed.key == voter_scope(given.EDITION.id, given.CATEGORY, VOTER)
    assert (keyed.event.data.nomination_id, keyed.event.data.voter, keyed.event.time) == ("a", VOTER, given.JUDGING)
    again = await cast_vote("a", VOTER, await store_with(), given.edition_of, given.JUDGING)
    assert again.event.id == keyed.event.id, "a request sent again is the same event"


@pytest.mark.parametrize("status", ["rejected", None])
async def test_only_an_accepted_nomination_is_voted_for(status: str | None) -> None:
    store = await store_with(status) if status else FakeScoringStore()
    with pytest.raises(UnknownNomination):
        await cast_vote("a", VOTER, store, given.edition_of, given.JUDGING)


async def test_no_vote_outside_the_voting_window_or_in_an_unknown_edition() -> None:
    store = await store_with()
    with pytest.raises(VotingClosed):
        await cast_vote("a", VOTER, store, given.edition_of, datetime(2024, 1, 29, tzinfo=UTC))
    with pytest.raises(VotingClosed):
        await cast_vote("a", VOTER, store, lambda _: None, given.JUDGING)


async def test_a_voter_whose_vote_is_counted_in_the_category_is_told_so() -> None:
    store = await store_with()
    keyed = await cast_vote("a", VOTER, store, given.edition_of, given.JUDGING)
    await apply_votes([(cast(VoteCastEvent, keyed.event), 0, 1)], store, given.edition_of, given.not_finalised)
    with pytest.raises(AlreadyVoted):
        await cast_vote("a", VOTER, store, given.edition_of, given.JUDGING)
    other = voter_id("+201001234568", "secret")
    assert (await cast_vote("a", other, store, given.edition_of, given.JUDGING)).event.data.voter == other


def test_the_voter_id_hides_the_contact_behind_the_secret() -> None:
    assert VOTER == voter_id("+201001234567", "secret") != voter_id("+201001234567", "another secret")
    assert "201001234567" not in VOTER and len(VOTER) == 64
