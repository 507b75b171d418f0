"""The jury's statistical audit (``domain.audit``) for staff: the reports of every category on request, and
each flag (a judge far from the panel, a disputed nomination) told once as an event.

``audit_reports`` answers one report per category of an edition scoring has read (a category whose
edition is unknown is left out, not guessed). Each flag becomes one ``jury.audit.flagged`` event whose id
is derived from what is flagged, so a flag raised again by a later recomputation is the same event.
Published first and recorded second: a crash in between publishes the same id again, which readers drop;
a recorded flag is not published again.
"""

from typing import Any

from shared import topics
from shared.edition import Category
from shared.events.envelope import CloudEvent, derived_id, new_event
from shared.events.milestones import JuryAuditFlagged, JuryAuditFlaggedEvent

from ..domain.audit import audit
from .ports import EditionOf, EventPublisher, ScoringStore

SOURCE = "urn:socialgov:awards:scoring"


def flags_of(edition_id: str, category: Category,
             juries: dict[str, dict[str, dict[str, float]]]) -> list[CloudEvent[Any]]:
    report = audit(juries, category)
    flags = [JuryAuditFlagged(edition_id=edition_id, category=category.code, flag="judge", judge_id=j["judge_id"],
                              mean_deviation=j["mean_deviation"])
             for j in report["judges"] if j["flagged"]]
    flags += [JuryAuditFlagged(edition_id=edition_id, category=category.code, flag="dispute",
                               nomination_id=d["nomination_id"], spread=d["spread"], marks=d["marks"])
              for d in report["disputed"]]
    return [new_event(JuryAuditFlaggedEvent, flag, source=SOURCE, subject=f"{edition_id}|{category.code}",
                      id=derived_id("audit", edition_id, category.code, flag.flag,
                                    flag.judge_id or flag.nomination_id or ""))
            for flag in flags]


def juries_of(docs: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, float]]]:
    """nomination → judge → criterion → 0–10, from the stored evidence."""
    return {d["_id"]: {j: e["scores"] for j, e in (d.get("jury") or {}).items()} for d in docs}


async def publish_new_flags(edition_id: str, category: Category, docs: list[dict[str, Any]],
                            store: ScoringStore, bus: EventPublisher) -> int:
    events = flags_of(edition_id, category, juries_of(docs))
    told = await store.flags_published([e.id for e in events])
    fresh = [e for e in events if e.id not in told]
    for event in fresh:
        await bus.publish(topics.JURY_AUDIT, event, key=f"{edition_id}|{category.code}")
        await store.record_flag(event.id)
    return len(fresh)


async def audit_reports(store: ScoringStore, edition_of: EditionOf) -> list[dict[str, Any]]:
    """Per category: inter-rater agreement, judges far from their panel, disputed nominations."""
    reports = []
    for edition_id, code in await store.categories():
        edition = edition_of(edition_id)
        category = edition.category(code) if edition else None
        if category is not None:
            docs = await store.accepted_in(edition_id, code)
            reports.append({"edition_id": edition_id, **audit(juries_of(docs), category)})
    return reports
