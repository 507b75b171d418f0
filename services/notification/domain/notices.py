"""What happened, in the terms staff are told about: one notice per pipeline event worth telling.

Facts keep codes (category, country, sector), as the events do; the message shows the edition's names
for them (``rendering``), found by the notice's edition."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from shared.events.lifecycle import EditionPublishedEvent, WinnersAnnouncedEvent
from shared.events.milestones import CategoryFullyScoredEvent, JuryAuditFlaggedEvent, PodiumChangedEvent
from shared.events.nomination import NominationAcceptedEvent, NominationRejected, NominationRejectedEvent
from shared.events.scoring import JudgingRejectedEvent

KINDS = ("nomination.accepted", "nomination.rejected", "judging.rejected", "jury.audit.flagged",
         "category.podium.changed", "category.fully_scored", "window.closing", "dead_letter",
         "winners.announced")


PipelineEvent = (NominationAcceptedEvent | NominationRejectedEvent | JudgingRejectedEvent | JuryAuditFlaggedEvent
                 | PodiumChangedEvent | CategoryFullyScoredEvent | EditionPublishedEvent | WinnersAnnouncedEvent)
"""The events the notification service consumes; every one but an edition's publication is worth telling."""


@dataclass(frozen=True)
class Notice:
    kind: str
    event_id: str
    time: datetime
    nomination_id: str | None = None
    country: str | None = None
    category: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    edition_id: str | None = None


def notice_of(event: PipelineEvent) -> Notice | None:
    if isinstance(event, (NominationAcceptedEvent, NominationRejectedEvent)):
        n = event.data
        kind = "nomination.accepted" if isinstance(event, NominationAcceptedEvent) else "nomination.rejected"
        return Notice(kind, event.id, event.time, n.nomination_id, n.country, n.category, {
            "name_ar": n.nominee.name_ar, "name_en": n.nominee.name_en, "country": n.country,
            "category": n.category, "sector": n.sector,
            "reasons": [r.model_dump() for r in n.reasons] if isinstance(n, NominationRejected) else []},
            edition_id=n.edition_id)
    if isinstance(event, JudgingRejectedEvent):
        r = event.data
        return Notice("judging.rejected", event.id, event.time, r.nomination_id, facts=r.model_dump())
    if isinstance(event, JuryAuditFlaggedEvent):
        a = event.data
        return Notice("jury.audit.flagged", event.id, event.time, a.nomination_id, category=a.category,
                      facts=a.model_dump(), edition_id=a.edition_id)
    if isinstance(event, PodiumChangedEvent):
        p = event.data
        return Notice("category.podium.changed", event.id, event.time, category=p.category,
                      facts=p.model_dump(mode="json"), edition_id=p.edition_id)
    if isinstance(event, CategoryFullyScoredEvent):
        c = event.data
        return Notice("category.fully_scored", event.id, event.time, category=c.category, facts=c.model_dump(),
                      edition_id=c.edition_id)
    if isinstance(event, WinnersAnnouncedEvent):
        w = event.data
        return Notice("winners.announced", event.id, event.time, facts={
            "edition_id": w.edition_id, "winners": [m.model_dump() for m in w.winners]}, edition_id=w.edition_id)
    return None
