"""Judging progress per category and per judge: who should score what (advisory assignment) and what
has been scored."""

from typing import Any

from ..adapters.evidence import MongoEvidence
from ..domain.judges import Judge, Nominee, assigned_judges


async def judging_progress(store: MongoEvidence, edition_of: Any) -> dict[str, Any]:
    judges = [Judge.of(judge) for judge in await store.all_judges()]
    per_judge: dict[str, dict[str, int]] = {j.id: {"assigned": 0, "scored": 0} for j in judges}
    categories = []
    for edition_id, category in await store.categories():
        edition = edition_of(edition_id)
        per_nomination = edition.judges_per_nomination if edition else 3
        docs = await store.accepted_in(edition_id, category)
        complete = scores = 0
        for doc in docs:
            nominee = Nominee.of(doc["_id"], category, doc["country"], doc["name_ar"], doc.get("name_en"))
            assigned = assigned_judges(nominee, judges, await store.recused_judges(doc["_id"]), per_nomination)
            scored = set(doc.get("jury") or {})
            scores += len(scored)
            complete += len(scored) >= per_nomination
            for judge_id in assigned:
                per_judge[judge_id]["assigned"] += 1
                per_judge[judge_id]["scored"] += judge_id in scored
        categories.append({"edition_id": edition_id, "category": category, "nominations": len(docs),
                           "fully_scored": complete, "scores": scores,
                           "judges_per_nomination": per_nomination})
    return {"categories": categories, "judges": per_judge}


async def assignments_of(judge_id: str, store: MongoEvidence, edition_of: Any) -> list[dict[str, Any]]:
    judges = [Judge.of(judge) for judge in await store.all_judges()]
    mine = []
    for edition_id, category in await store.categories():
        edition = edition_of(edition_id)
        per_nomination = edition.judges_per_nomination if edition else 3
        for doc in await store.accepted_in(edition_id, category):
            nominee = Nominee.of(doc["_id"], category, doc["country"], doc["name_ar"], doc.get("name_en"))
            if judge_id in assigned_judges(nominee, judges, await store.recused_judges(doc["_id"]),
                                           per_nomination):
                mine.append({"nomination_id": doc["_id"], "category": category, "name_ar": doc["name_ar"],
                             "scored": judge_id in (doc.get("jury") or {})})
    return mine
