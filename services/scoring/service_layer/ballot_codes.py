"""Voting with a confirmed email address: a one-time code is sent to the address, and the vote is cast
only with that code (the voting pages; ``domain.voter_codes`` holds the rules of a code).

Contract: ``request_code`` refuses, before any code is sent, a ballot that could not count for anyone
(unknown nomination, voting closed) and an address sent too many codes this hour; otherwise it keeps the
new code's hash and answers the ``voter.code.requested`` event that asks the notification service to email
it. Whether the address has voted is not told here: anyone can type an address. ``confirm_vote`` spends a
try of the address's code and, once it matches, answers the ``vote.cast`` event as ``POST /votes`` would,
or says the address has voted in the category, with the date. Only keyed hashes of the address and of
the code are stored.
"""

from datetime import datetime
from typing import Literal

from shared.events.envelope import derived_id, new_event
from shared.events.scoring import VoterCodeRequested, VoterCodeRequestedEvent

from ..domain import voter_codes
from .ballots import BallotRefused, ballot_scope, cast_vote, voter_id
from .ports import EditionOf, FinalisedAt, ScoringStore
from .submissions import SOURCE, Keyed


class TooManyCodes(BallotRefused):
    pass


class CodeRefused(BallotRefused):
    def __init__(self, outcome: Literal["wrong", "spent", "no code"]) -> None:
        super().__init__(f"the code was not accepted ({outcome})")
        self.outcome = outcome


async def request_code(email: str, nomination_id: str, language: Literal["ar", "en"], secret: str,
                       store: ScoringStore, edition_of: EditionOf, finalised_at: FinalisedAt,
                       now: datetime) -> Keyed:
    voter = voter_id(email, secret)
    nomination, scope = await ballot_scope(nomination_id, voter, store, edition_of, finalised_at, now,
                                           counted=False)
    previous = await store.voter_codes.issued(voter)
    if not voter_codes.may_send(previous, now):
        raise TooManyCodes(f"at most {voter_codes.SENDS_PER_HOUR} codes an hour are sent to one address")
    code = voter_codes.new_code()
    issued = voter_codes.issue(previous, code, secret, scope, nomination_id, now)
    if not await store.voter_codes.replace(voter, issued, previous):
        raise TooManyCodes("another code was just sent to this address; use that one")
    data = VoterCodeRequested(email=email, code=code, language=language, edition_id=nomination["edition_id"],
                              category=nomination["category"], expires_at=issued.expires_at)
    return Keyed(new_event(VoterCodeRequestedEvent, data, source=SOURCE, time=now, subject=voter,
                           id=derived_id("voter-code", scope, issued.code_hash)), voter)


async def confirm_vote(email: str, code: str, nomination_id: str, secret: str, store: ScoringStore,
                       edition_of: EditionOf, finalised_at: FinalisedAt, now: datetime) -> Keyed:
    voter = voter_id(email, secret)
    _, scope = await ballot_scope(nomination_id, voter, store, edition_of, finalised_at, now, counted=False)
    outcome = await store.voter_codes.attempt(voter, scope, voter_codes.code_hash(secret, scope, code.strip()), now)
    if outcome != "matched":
        raise CodeRefused(outcome)
    return await cast_vote(nomination_id, voter, store, edition_of, finalised_at, now)
