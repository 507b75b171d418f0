"""Refused jury scores kept for the judges' portal (services/scoring/adapters/refusals.py) on the real
database server: a redelivered refusal is kept once, and a judge reads only their own, latest first."""

import uuid
from datetime import UTC, datetime, timedelta

from pymongo import AsyncMongoClient

from services.scoring.adapters.refusals import SHOWN, MongoRefusals
from shared.events.scoring import JudgingRejected

AT = datetime(2024, 1, 10, 12, tzinfo=UTC)


def refused(event_id: str, judge_id: str = "j-1", nomination_id: str = "n-1") -> JudgingRejected:
    return JudgingRejected(nomination_id=nomination_id, judge_id=judge_id, score_event_id=event_id,
                           code="OUTSIDE_JUDGING_WINDOW", en="late", ar="متأخرة")


async def test_refusals_are_kept_once_and_read_per_judge_and_nomination_latest_first(
    mongo_client: AsyncMongoClient
) -> None:
    refusals = MongoRefusals(mongo_client[f"refusals_{uuid.uuid4().hex[:8]}"]["judge_refusals"])
    await refusals.prepare()
    mine = [(refused(f"s{n}"), AT + timedelta(minutes=n)) for n in range(SHOWN + 5)]
    await refusals.record(mine[:10])
    await refusals.record([*mine, (refused("other", judge_id="j-2"), AT), (refused("else", nomination_id="n-2"), AT)])
    read = await refusals.of("j-1", "n-1")
    assert [answer.score_event_id for answer, _ in read] == [f"s{n}" for n in range(SHOWN + 4, 4, -1)]
    assert read[0] == (mine[-1][0], mine[-1][1])
    assert await refusals.of("j-2", "n-1") == [(refused("other", judge_id="j-2"), AT)]
    assert await refusals.collection.count_documents({}) == SHOWN + 5 + 2
