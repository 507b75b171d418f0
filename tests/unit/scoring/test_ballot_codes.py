"""Voting with a confirmed email address (``service_layer.ballot_codes``), on fakes: a code is issued
only for a ballot that could count, a limited number an hour to one address across categories, kept only
as a hash, spent by tries and time, used once; whether the address voted is told only with its code; the
vote it confirms is the API's."""

from datetime import timedelta
from typing import cast

import pytest

from services.scoring.domain import voter_codes
from services.scoring.service_layer.ballot_codes import CodeRefused, TooManyCodes, confirm_vote, request_code
from services.scoring.service_layer.ballots import AlreadyVoted, VotingClosed, voter_id
from services.scoring.service_layer.evidence import apply_votes
from shared.events.scoring import VoteCastEvent, VoterCodeRequestedEvent
from tests.unit.fakes.scoring import FakeScoringStore

from . import given

SECRET, EMAIL = "vote-secret", "voter@example.org"


async def a_store() -> FakeScoringStore:
    store = FakeScoringStore()
    await store.screened([(given.screened(n).data, "accepted", given.JUDGING) for n in ("a", "b")]
                         + [(given.screened("p", category="personalities").data, "accepted", given.JUDGING)], {})
    return store


async def code_for(store: FakeScoringStore, nomination_id: str = "a", at: timedelta = timedelta()) -> str:
    keyed = await request_code(EMAIL, nomination_id, "ar", SECRET, store, given.edition_of, given.not_finalised,
                               given.JUDGING + at)
    event = cast(VoterCodeRequestedEvent, keyed.event)
    return event.data.code


async def test_a_code_goes_to_the_address_and_only_its_hash_is_kept() -> None:
    store = await a_store()
    keyed = await request_code(EMAIL, "a", "en", SECRET, store, given.edition_of, given.not_finalised, given.JUDGING)
    event = cast(VoterCodeRequestedEvent, keyed.event)
    assert (event.data.email, event.data.language, event.data.category) == (EMAIL, "en", given.CATEGORY)
    assert event.data.expires_at == given.JUDGING + voter_codes.LIFETIME and len(event.data.code) == 6
    assert keyed.key == voter_id(EMAIL, SECRET), "keyed by the voter id, never the address"
    [(voter, kept)] = store.voter_codes.kept.items()
    assert voter == voter_id(EMAIL, SECRET) and kept.scope.endswith(f"|{given.CATEGORY}|{voter}")
    assert kept.code_hash == voter_codes.code_hash(SECRET, kept.scope, event.data.code), "the code only hashed"


async def test_the_right_code_casts_the_vote_once_and_a_wrong_one_spends_a_try() -> None:
    store = await a_store()
    code = await code_for(store)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(CodeRefused) as refused:
        await confirm_vote(EMAIL, wrong, "a", SECRET, store, given.edition_of, given.not_finalised, given.JUDGING)
    assert refused.value.outcome == "wrong"
    keyed = await confirm_vote(EMAIL, f" {code} ", "a", SECRET, store, given.edition_of, given.not_finalised,
                               given.JUDGING)
    assert cast(VoteCastEvent, keyed.event).data.voter == voter_id(EMAIL, SECRET)
    with pytest.raises(CodeRefused, match="no code"):
        await confirm_vote(EMAIL, code, "a", SECRET, store, given.edition_of, given.not_finalised, given.JUDGING)


async def test_a_code_is_spent_after_its_tries_or_its_lifetime() -> None:
    store = await a_store()
    code = await code_for(store)
    for _ in range(voter_codes.TRIES):
        with pytest.raises(CodeRefused):
            await confirm_vote(EMAIL, "000000" if code != "000000" else "111111", "a", SECRET, store,
                               given.edition_of, given.not_finalised, given.JUDGING)
    with pytest.raises(CodeRefused, match="spent"):
        await confirm_vote(EMAIL, code, "a", SECRET, store, given.edition_of, given.not_finalised, given.JUDGING)
    late = await code_for(store, at=timedelta(minutes=1))
    with pytest.raises(CodeRefused, match="spent"):
        await confirm_vote(EMAIL, late, "a", SECRET, store, given.edition_of, given.not_finalised,
                           given.JUDGING + timedelta(minutes=1) + voter_codes.LIFETIME)


async def test_an_address_gets_a_limited_number_of_codes_an_hour_across_categories() -> None:
    store = await a_store()
    for minute in range(voter_codes.SENDS_PER_HOUR):
        await code_for(store, "a" if minute % 2 else "p", at=timedelta(minutes=minute))
    with pytest.raises(TooManyCodes):
        await code_for(store, "p", at=timedelta(minutes=30))
    await code_for(store, at=timedelta(minutes=61))


async def test_a_new_code_replaces_the_addresss_previous_one() -> None:
    store = await a_store()
    first = await code_for(store, "a")
    second = await code_for(store, "p", at=timedelta(minutes=1))
    with pytest.raises(CodeRefused, match="no code"):
        await confirm_vote(EMAIL, first, "a", SECRET, store, given.edition_of, given.not_finalised, given.JUDGING)
    await confirm_vote(EMAIL, second, "p", SECRET, store, given.edition_of, given.not_finalised, given.JUDGING)


async def test_a_counted_vote_is_told_only_to_whoever_has_the_addresss_code() -> None:
    store = await a_store()
    code = await code_for(store)
    keyed = await confirm_vote(EMAIL, code, "a", SECRET, store, given.edition_of, given.not_finalised, given.JUDGING)
    await apply_votes([(cast(VoteCastEvent, keyed.event), 0, 1)], store, given.edition_of, given.not_finalised)
    again = await code_for(store, "b", at=timedelta(hours=2))  # typing an address reveals nothing
    with pytest.raises(CodeRefused):
        await confirm_vote(EMAIL, "000000" if again != "000000" else "111111", "b", SECRET, store,
                           given.edition_of, given.not_finalised, given.JUDGING + timedelta(hours=2))
    with pytest.raises(AlreadyVoted) as voted:
        await confirm_vote(EMAIL, again, "b", SECRET, store, given.edition_of, given.not_finalised,
                           given.JUDGING + timedelta(hours=2))
    assert voted.value.first_at == given.JUDGING
    with pytest.raises(VotingClosed):
        await request_code("other@example.org", "a", "ar", SECRET, store, given.edition_of, given.not_finalised,
                           given.JUDGING + timedelta(days=365))
