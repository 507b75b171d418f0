"""Judging progress per category and per judge: who should score what (advisory assignment) and what
has been scored.

Contract: ``judging_progress`` answers, per category of an edition scoring has read, the shared
definition of progress (``shared.judging``) under that edition's ``judges_per_nomination``, and per
judge the nominations assigned and scored; ``assignments_of`` the nominations assigned to one judge. A
category whose edition is not read is left out, not guessed.
"""

from typing import Any

from shared import judging

from ..domain.judges import Judge, Nominee, assigned_judges
from .ports import EditionOf, NominationDocument, ScoringStore


async def judging_progress(store: ScoringStore, edition_of: EditionOf) -> dict[str, Any]:
    judges = [Judge.of(judge) for judge in await store.all_judges()]
    per_judge: dict[str, dict[str, int]] = {j.id: {"assigned": 0, "scored": 0} for j in judges}
    categories = []
    for edition_id, category, per_nomination, docs in await _categories(store, edition_of):
        for doc in docs:
            scored = set(doc.get("jury") or {})
            for judge_id in await _assigned(doc, category, judges, per_nomination, store):
                per_judge[judge_id]["assigned"] += 1
                per_judge[judge_id]["scored"] += judge_id in scored
        progress = judging.judging_progress(per_nomination, (len(doc.get("jury") or {}) for doc in docs))
        categories.append({"edition_id": edition_id, "category": category, "nominations": progress.accepted,
                           "fully_scored": progress.fully_judged, "scores": progress.jury_scores,
                           "scores_needed": progress.jury_scores_needed, "percent": progress.percent,
                           "judges_per_nomination": per_nomination})
    return {"categories": categories, "judges": per_judge}


async def assignments_of(judge_id: str, store: ScoringStore, edition_of: EditionOf) -> list[dict[str, Any]]:
    judges = [Judge.of(judge) for judge in await store.all_judges()]
    mine = []
    for _, category, per_nomination, docs in await _categories(store, edition_of):
        for doc in docs:
            if judge_id in await _assigned(doc, category, judges, per_nomination, store):
                mine.append({"nomination_id": doc["_id"], "category": category, "name_ar": doc["name_ar"],
                             "scored": judge_id in (doc.get("jury") or {})})
    return mine


async def _categories(store: ScoringStore, edition_of: EditionOf
                      ) -> list[tuple[str, str, int, list[NominationDocument]]]:
    """(edition, category, judges per nomination, accepted nominations) of each category of a read edition."""
    found = []
    for edition_id, category in await store.categories():
        edition = edition_of(edition_id)
        if edition is not None:
            found.append((edition_id, category, edition.judges_per_nomination,
                          await store.accepted_in(edition_id, category)))
    return found


async def _assigned(doc: NominationDocument, category: str, judges: list[Judge], per_nomination: int,
                    store: ScoringStore) -> list[str]:
    nominee = Nominee.of(doc["_id"], category, doc["country"], doc["name_ar"], doc.get("name_en"))
    return assigned_judges(nominee, judges, await store.recused_judges(doc["_id"]), per_nomination)
