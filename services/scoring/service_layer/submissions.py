"""What judges and operators send over HTTP, as the events scoring's consumers apply: a score sheet, a
recusal, a judge's registration.

Contract: each function answers the event and the key it is published under. Ids are derived from what
was sent, so a request sent again publishes the same event, which readers drop. A score sheet's version
is the time it was received in ms: of one judge's sheets for one nomination, the later one stands
(``jury_scores.apply_scores``). Whether a score counts is decided by the consumer, not here.
"""

from datetime import datetime
from typing import Any, NamedTuple

from shared.events.envelope import CloudEvent, derived_id, new_event
from shared.events.scoring import (
    JudgeRecused,
    JudgeRecusedEvent,
    JudgeRegistered,
    JudgeRegisteredEvent,
    JuryScoreSubmitted,
    JuryScoreSubmittedEvent,
)

SOURCE = "urn:socialgov:awards:scoring:http"


class Keyed(NamedTuple):
    event: CloudEvent[Any]
    key: str


def score_sheet(judge_id: str, nomination_id: str, scores: dict[str, float], comment: str | None,
                now: datetime) -> Keyed:
    version = int(now.timestamp() * 1000)
    score = JuryScoreSubmitted(nomination_id=nomination_id, judge_id=judge_id, scores=scores, comment=comment,
                               version=version)
    return Keyed(new_event(JuryScoreSubmittedEvent, score, source=SOURCE, time=now, subject=nomination_id,
                           id=derived_id("score", judge_id, nomination_id, str(version))), nomination_id)


def recusal(judge_id: str, nomination_id: str, reason: str) -> Keyed:
    data = JudgeRecused(judge_id=judge_id, nomination_id=nomination_id, reason=reason)
    return Keyed(new_event(JudgeRecusedEvent, data, source=SOURCE, subject=nomination_id,
                           id=derived_id("recusal", judge_id, nomination_id)), judge_id)


def registration(registered: JudgeRegistered) -> Keyed:
    return Keyed(new_event(JudgeRegisteredEvent, registered, source=SOURCE, subject=registered.judge_id,
                           id=derived_id("judge", registered.model_dump_json())), registered.judge_id)
