"""The judging panel's events: a judge registered, a judge recused from a nomination.

Contract of ``apply_panel`` (that of ``evidence``): safe to run again for the same event. A registration
is kept over an older one of the same judge, and the scores parked for that judge are applied. A
recusal is recorded, the judge's score for the nomination (if any) dropped, and the nomination's category
marked when the nomination is accepted: its jury component may have moved. The recusal is recorded
before the score is dropped, so a score of the same judge applied meanwhile is refused, never kept.
"""

from shared.events.catalogue import PanelEvent
from shared.events.scoring import JudgeRegisteredEvent

from .evidence import Outcome
from .jury_scores import release_parked
from .ports import EditionOf, FinalisedAt, ScoringStore


async def apply_panel(event: PanelEvent, store: ScoringStore, edition_of: EditionOf,
                      finalised_at: FinalisedAt) -> Outcome:
    if isinstance(event, JudgeRegisteredEvent):
        await store.register_judge(event.data, event.time)
        return await release_parked(store, edition_of, finalised_at, judge_id=event.data.judge_id)
    recused = event.data
    await store.recuse(recused.judge_id, recused.nomination_id, recused.reason)
    await store.drop_score(recused.nomination_id, recused.judge_id)
    doc = await store.nomination(recused.nomination_id)
    if doc is None or doc.get("status") != "accepted":
        return Outcome()
    return Outcome(dirty={(doc["edition_id"], doc["category"])})
