"""Applying jury scores, a batch at a time: thin steps from score events to the evidence store.

Contract (that of ``evidence``): safe to run again for the same events, and the final evidence does not
depend on the order scores of different nominations arrive in. A score whose nomination or judge is not
known yet is parked and applied when they arrive (``release_parked``); a score that can never count is
answered with ``judging.rejected``. A batch reads what it needs with one query of each kind and stores
its scores in bulk; of one judge's scores for one nomination the highest version stands, as it would
had they come one after the other.
"""

from typing import Any

from shared.events.envelope import derived_id, new_event
from shared.events.scoring import JudgingRejected, JudgingRejectedEvent, JuryScoreSubmittedEvent
from shared.failures import TransientFailure

from ..adapters.evidence import MongoEvidence
from ..domain.judges import Judge, Nominee
from ..domain.jury import refusal
from .evidence import SOURCE, Outcome


async def apply_scores(events: list[JuryScoreSubmittedEvent], store: MongoEvidence, edition_of: Any,
                       finalised_at: Any) -> Outcome:
    nominations, judges = await _known(store, events)
    unknown = [event for event in events if not _ready(event, nominations, judges)]
    if unknown:
        for event in unknown:
            await store.parked.park(event.id, event.model_dump_json(), event.data.nomination_id, event.data.judge_id)
        # Look again: the screening (or registration) may have landed, and released what was parked,
        # between the first look and the parking; one of the two sides always sees the other.
        found, registered = await _known(store, unknown)
        nominations, judges = nominations | found, judges | registered
    ready = [event for event in events if _ready(event, nominations, judges)]
    await store.parked.unpark([(event.id, event.data.nomination_id) for event in ready])
    recused = await store.recusals_among({(event.data.judge_id, event.data.nomination_id) for event in ready})
    outcome, counted = Outcome(), []
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
            outcome.publish.append(new_event(JudgingRejectedEvent, answer, id=derived_id("refused", event.id),
                                             source=SOURCE, time=event.time, subject=score.nomination_id,
                                             cause=event))
            continue
        counted.append((score, event.id))
        outcome.dirty.add((nomination["edition_id"], nomination["category"]))
    await store.set_scores(counted)
    return outcome


async def release_parked(store: MongoEvidence, edition_of: Any, finalised_at: Any, *,
                         nomination_ids: list[str] | None = None, judge_id: str | None = None) -> Outcome:
    """Applies the scores that were waiting for these nominations or this judge."""
    if nomination_ids == []:
        return Outcome()
    parked = await store.parked.parked_for(nomination_ids=nomination_ids, judge_id=judge_id)
    return await apply_scores([JuryScoreSubmittedEvent.model_validate_json(doc["event"]) for doc in parked],
                              store, edition_of, finalised_at)


async def _known(store: MongoEvidence, events: list[JuryScoreSubmittedEvent]) -> tuple[dict[str, Any], dict[str, Any]]:
    return (await store.nominations_by_id({event.data.nomination_id for event in events}),
            await store.judges_by_id({event.data.judge_id for event in events}))


def _ready(event: JuryScoreSubmittedEvent, nominations: dict[str, Any], judges: dict[str, Any]) -> bool:
    nomination = nominations.get(event.data.nomination_id)
    return event.data.judge_id in judges and nomination is not None and "status" in nomination
