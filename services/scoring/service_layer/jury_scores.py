"""Applying jury scores, a batch at a time: thin steps from score events to the evidence store.

Contract (that of ``evidence``): safe to run again for the same events, and the final evidence does not
depend on the order scores of different nominations arrive in. A score whose nomination or judge is not
known yet is parked and applied when they arrive (``release_parked``), unless the parking is full
(``ParkedScores.park`` answers False): then it is refused, logged and counted, never dropped in silence.
A score that can never count is answered with ``judging.rejected``. A batch reads what it needs with one
query of each kind and stores its scores in bulk; of one judge's scores for one nomination the highest
version stands, as it would had they come one after the other.
"""

import logging
from typing import Any

from shared import topics
from shared.events.envelope import CloudEvent, derived_id, new_event
from shared.events.scoring import JudgingRejected, JudgingRejectedEvent, JuryScoreSubmittedEvent
from shared.metrics import EVENTS
from shared.transient import TransientFailure

from ..domain.judges import Judge, Nominee
from ..domain.jury import refusal
from .evidence import SOURCE, Outcome
from .ports import EditionOf, FinalisedAt, ScoringStore

log = logging.getLogger("awards.scoring.jury_scores")


async def apply_scores(events: list[JuryScoreSubmittedEvent], store: ScoringStore, edition_of: EditionOf,
                       finalised_at: FinalisedAt) -> Outcome:
    nominations, judges = await _known(store, events)
    unknown = [event for event in events if not _ready(event, nominations, judges)]
    outcome, not_parked = Outcome(), []
    if unknown:
        for event in unknown:
            if not await store.parked.park(event.id, event.model_dump_json(), event.data.nomination_id,
                                           event.data.judge_id):
                not_parked.append(event)
        # Look again: the screening (or registration) may have landed, and released what was parked,
        # between the first look and the parking; one of the two sides always sees the other.
        found, registered = await _known(store, unknown)
        nominations, judges = nominations | found, judges | registered
    outcome.publish += [_parking_full(event) for event in not_parked if not _ready(event, nominations, judges)]
    ready = [event for event in events if _ready(event, nominations, judges)]
    await store.parked.unpark([(event.id, event.data.nomination_id) for event in ready])
    recused = await store.recusals_among({(event.data.judge_id, event.data.nomination_id) for event in ready})
    counted = []
    for event in ready:
        score, nomination = event.data, nominations[event.data.nomination_id]
        edition = edition_of(nomination["edition_id"])
        if edition is None:
            raise TransientFailure(f"edition {nomination['edition_id']} not read yet")
        nominee = Nominee.of(nomination["_id"], nomination["category"], nomination["country"],
                             nomination["name_ar"], nomination.get("name_en"))
        refused = refusal(score, event.time, Judge.of(judges[score.judge_id]), nominee,
                          nomination["status"] == "accepted", (score.judge_id, score.nomination_id) in recused,
                          edition, finalised_at(edition.id))
        if refused is not None:
            answer = JudgingRejected(nomination_id=score.nomination_id, judge_id=score.judge_id,
                                     score_event_id=event.id, code=refused.code, en=refused.en, ar=refused.ar)
            outcome.publish.append(_rejection(event, answer))
            continue
        counted.append((score, event.id))
        outcome.dirty.add((nomination["edition_id"], nomination["category"]))
    await store.set_scores(counted)
    return outcome


async def release_parked(store: ScoringStore, edition_of: EditionOf, finalised_at: FinalisedAt, *,
                         nomination_ids: list[str] | None = None, judge_id: str | None = None) -> Outcome:
    """Applies the scores that were waiting for these nominations or this judge."""
    if nomination_ids == []:
        return Outcome()
    parked = await store.parked.parked_for(nomination_ids=nomination_ids, judge_id=judge_id)
    return await apply_scores([JuryScoreSubmittedEvent.model_validate_json(doc["event"]) for doc in parked],
                              store, edition_of, finalised_at)


def _rejection(event: JuryScoreSubmittedEvent, answer: JudgingRejected) -> CloudEvent[Any]:
    return new_event(JudgingRejectedEvent, answer, id=derived_id("refused", event.id), source=SOURCE,
                     time=event.time, subject=event.data.nomination_id, cause=event)


def _parking_full(event: JuryScoreSubmittedEvent) -> CloudEvent[Any]:
    """A score that could not wait for its nomination or judge: refused, told to the judge, logged and
    counted; the judge may send it again once the nomination is screened."""
    score = event.data
    log.warning("parked scores full: refused score %s of judge %s for nomination %s",
                event.id, score.judge_id, score.nomination_id)
    EVENTS.labels("scoring", topics.JUDGING_SCORES.name, "refused_parking_full").inc()
    return _rejection(event, JudgingRejected(
        nomination_id=score.nomination_id, judge_id=score.judge_id, score_event_id=event.id, code="NOT_KNOWN_YET",
        en="Neither the nomination nor the judge is known yet and too many scores are waiting; send it again later.",
        ar="الترشيح أو المحكِّم غير معروف بعد، والدرجات المنتظرة كثيرة؛ أعد إرسالها لاحقاً."))


async def _known(store: ScoringStore, events: list[JuryScoreSubmittedEvent]) -> tuple[dict[str, Any], dict[str, Any]]:
    return (await store.nominations_by_id({event.data.nomination_id for event in events}),
            await store.judges_by_id({event.data.judge_id for event in events}))


def _ready(event: JuryScoreSubmittedEvent, nominations: dict[str, Any], judges: dict[str, Any]) -> bool:
    nomination = nominations.get(event.data.nomination_id)
    return event.data.judge_id in judges and nomination is not None and "status" in nomination
