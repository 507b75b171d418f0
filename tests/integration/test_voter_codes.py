"""Voters' codes on the real database server (services/scoring/adapters/voter_codes.py): one of two
codes issued at once is kept, a try is spent atomically, a matching code is used once, and a code past
its lifetime or its tries is spent."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

from pymongo import AsyncMongoClient

from services.scoring.adapters.voter_codes import MongoVoterCodes
from services.scoring.domain import voter_codes
from services.scoring.domain.voter_codes import issue

NOW = datetime(2024, 1, 10, 12, tzinfo=UTC)
SCOPE = "2024-first|digital-content|voter"


async def test_codes_are_issued_once_at_a_time_tried_atomically_and_used_once(mongo_client: AsyncMongoClient) -> None:
    codes = MongoVoterCodes(mongo_client[f"codes_{uuid.uuid4().hex[:8]}"]["voter_codes"])
    first, other = issue(None, "111111", "s", SCOPE, "n-1", NOW), issue(None, "222222", "s", SCOPE, "n-1", NOW)
    assert sorted(await asyncio.gather(codes.replace(SCOPE, first, None), codes.replace(SCOPE, other, None))) == \
        [False, True], "two requests at once: one code"
    kept = await codes.issued(SCOPE)
    assert kept is not None and kept.code_hash in {first.code_hash, other.code_hash}
    code = "111111" if kept.code_hash == first.code_hash else "222222"
    right, wrong = voter_codes.code_hash("s", SCOPE, code), voter_codes.code_hash("s", SCOPE, "999999")

    attempts = await asyncio.gather(*(codes.attempt(SCOPE, wrong, NOW) for _ in range(voter_codes.TRIES + 3)))
    assert attempts.count("wrong") == voter_codes.TRIES and attempts.count("spent") == 3, "each try spent once"
    assert await codes.attempt(SCOPE, right, NOW) == "spent"

    again = issue(kept, "444444", "s", SCOPE, "n-1", NOW + timedelta(minutes=1))
    assert await codes.replace(SCOPE, again, kept), "a new code over the one read"
    assert not await codes.replace(SCOPE, issue(kept, "555555", "s", SCOPE, "n-1", NOW), kept), "not over another"
    right = voter_codes.code_hash("s", SCOPE, "444444")
    assert sorted(await asyncio.gather(codes.attempt(SCOPE, right, NOW), codes.attempt(SCOPE, right, NOW))) == \
        ["matched", "no code"], "a code is used once"

    late = issue(None, "333333", "s", SCOPE, "n-1", NOW)
    assert await codes.replace(SCOPE, late, None)
    assert await codes.attempt(SCOPE, voter_codes.code_hash("s", SCOPE, "333333"), late.expires_at) == "spent"
