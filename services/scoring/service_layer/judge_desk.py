"""What a judge sees in the portal: the desk (per category of the judge's panels, the nominations
assigned to the judge with what is scored, and those that are not the judge's, with why) and one
nomination's sheet (the nominee, the category's criteria, the judge's current marks, refusals).

A nomination is the judge's when the judge may score it (panel, no conflict of interest, not recused)
and the workload ranking (``domain.judges.assigned_judges``) puts the judge among its judges. A judge may
still score a nomination the ranking gave to others: the ranking spreads the work, the rules decide.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from shared.edition import Category, Edition
from shared.events.scoring import JudgingRejected

from ..domain.judges import Judge, Nominee, assigned_judges
from ..domain.jury import Refusal, standing_refusal
from .ports import EditionOf, FinalisedAt, NominationDocument, ScoringStore


@dataclass(frozen=True)
class Entry:
    nomination_id: str
    name_ar: str
    name_en: str | None
    country: str
    scored: bool


@dataclass
class CategoryDesk:
    edition: Edition
    category: Category
    mine: list[Entry] = field(default_factory=list)
    not_mine: list[tuple[Entry, Refusal]] = field(default_factory=list)

    @property
    def scored(self) -> int:
        return sum(entry.scored for entry in self.mine)


@dataclass(frozen=True)
class Sheet:
    nomination: NominationDocument
    edition: Edition
    category: Category
    marks: dict[str, Any] | None  # the judge's counted sheet: scores, comment, version
    refusals: list[tuple[JudgingRejected, datetime]]
    blocked: Refusal | None  # why a sheet would not count now
    assigned: bool


async def desk(judge_id: str, store: ScoringStore, edition_of: EditionOf, finalised_at: FinalisedAt,
               now: datetime) -> tuple[str, list[CategoryDesk]]:
    """The judge's name (the id while no panel registered the judge) and the categories of the judge's panels."""
    registered = {j.judge_id: j for j in await store.all_judges()}
    judges = {judge_id: Judge.of(j) for judge_id, j in registered.items()}
    judge = judges.get(judge_id)
    if judge is None:
        return judge_id, []
    desks = []
    for edition_id, code in await store.categories():
        edition = edition_of(edition_id)
        category = edition.category(code) if edition else None
        if edition is None or category is None or code not in judge.categories:
            continue
        found = CategoryDesk(edition, category)
        for doc in await store.accepted_in(edition_id, code):
            entry = Entry(doc["_id"], doc["name_ar"], doc.get("name_en"), doc["country"],
                          judge_id in (doc.get("jury") or {}))
            recused = await store.recused_judges(doc["_id"])
            nominee = _nominee(doc)
            why = standing_refusal(now, judge, nominee, True, judge_id in recused, edition,
                                   finalised_at(edition_id))
            if why is not None and why.code in PERSONAL:
                found.not_mine.append((entry, why))
            elif judge_id in assigned_judges(nominee, list(judges.values()), recused, edition.judges_per_nomination):
                found.mine.append(entry)
        desks.append(found)
    return registered[judge_id].name, desks


# The reasons that concern one judge and one nominee; the others (a closed window, a finalised edition)
# apply to every nomination and are said once on the page.
PERSONAL = frozenset({"CONFLICT_OWN_COUNTRY", "CONFLICT_AFFILIATION", "JUDGE_RECUSED"})


async def sheet(judge_id: str, nomination_id: str, store: ScoringStore, edition_of: EditionOf,
                finalised_at: FinalisedAt, now: datetime) -> Sheet | None:
    """None for a nomination that is unknown, not accepted, or of an edition not read yet."""
    doc = await store.nomination(nomination_id)
    edition = edition_of(doc["edition_id"]) if doc else None
    category = edition.category(doc["category"]) if doc and edition else None
    if doc is None or edition is None or category is None or doc.get("status") != "accepted":
        return None
    judges = {j.judge_id: Judge.of(j) for j in await store.all_judges()}
    recused = await store.recused_judges(nomination_id)
    nominee = _nominee(doc)
    judge = judges.get(judge_id)
    blocked = (standing_refusal(now, judge, nominee, True, judge_id in recused, edition, finalised_at(edition.id))
               if judge else Refusal("NOT_ON_PANEL", "The judge is not registered on a panel.",
                                     "المحكِّم غير مسجَّل في أي لجنة."))
    assigned = judge_id in assigned_judges(nominee, list(judges.values()), recused, edition.judges_per_nomination)
    return Sheet(doc, edition, category, (doc.get("jury") or {}).get(judge_id),
                 await store.refusals.of(judge_id, nomination_id), blocked, assigned)


def _nominee(doc: NominationDocument) -> Nominee:
    return Nominee.of(doc["_id"], doc["category"], doc["country"], doc["name_ar"], doc.get("name_en"))
