"""Voters' codes on the real database server (services/scoring/adapters/voter_codes.py): of two codes
issued at once one is kept, a try is spent atomically, a matching code matches once, a code past its
lifetime or its tries is spent, and the stored document holds hashes only."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

from pymongo import AsyncMongoClient

from services.scoring.adapters.voter_codes import MongoVoterCodes
from services.scoring.domain import voter_codes
from services.scoring.domain.voter_codes import issue
from services.scoring.service_layer.ballots import voter_id

NOW = datetime(2024, 1, 10, 12, tzinfo=UTC)
EMAIL = "voter@example.org"
VOTER = voter_id(EMAIL, "s")
SCOPE = f"2024-first|digital-content|{VOTER}"


def hashed(code: str) -> str:
    return voter_codes.code_hash("s", SCOPE, code)


async def test_codes_are_issued_once_at_a_time_tried_atomically_and_matched_once(
    mongo_client: AsyncMongoClient
) -> None:
    codes = MongoVoterCodes(mongo_client[f"codes_{uuid.uuid4().hex[:8]}"]["voter_codes"])
    first, other = issue(None, "111111", "s", SCOPE, "n-1", NOW), issue(None, "222222", "s", SCOPE, "n-1", NOW)
    assert sorted(await asyncio.gather(codes.replace(VOTER, first, None), codes.replace(VOTER, other, None))) == \
        [False, True], "two requests at once: one code"
    kept = await codes.issued(VOTER)
    assert kept is not None and kept.code_hash in {first.code_hash, other.code_hash}
    stored = await codes.collection.find_one({"_id": VOTER})
    assert EMAIL not in repr(stored) and "111111" not in repr(stored) and "222222" not in repr(stored)

    attempts = await asyncio.gather(*(codes.attempt(VOTER, SCOPE, hashed("999999"), NOW)
                                      for _ in range(voter_codes.TRIES + 3)))
    assert attempts.count("wrong") == voter_codes.TRIES and attempts.count("spent") == 3, "each try spent once"
    assert await codes.attempt(VOTER, SCOPE, kept.code_hash, NOW) == "spent"

    again = issue(kept, "444444", "s", SCOPE, "n-1", NOW + timedelta(minutes=1))
    assert await codes.replace(VOTER, again, kept), "a new code over the one read"
    assert not await codes.replace(VOTER, issue(kept, "555555", "s", SCOPE, "n-1", NOW), kept), "not over another"
    assert await codes.attempt(VOTER, "2024-first|personalities|" + VOTER, hashed("444444"), NOW) == "no code"
    assert sorted(await asyncio.gather(codes.attempt(VOTER, SCOPE, hashed("444444"), NOW),
                                       codes.attempt(VOTER, SCOPE, hashed("444444"), NOW))) == \
        ["matched", "no code"], "a code matches once"
    used = await codes.issued(VOTER)
    assert used is not None and len(used.sent_at) == 2, "the sends of the hour stay after the code is used"

    late = issue(used, "333333", "s", SCOPE, "n-1", NOW)
    assert await codes.replace(VOTER, late, used)
    assert await codes.attempt(VOTER, SCOPE, hashed("333333"), late.expires_at) == "spent"
