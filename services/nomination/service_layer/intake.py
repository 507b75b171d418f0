"""What the HTTP intake decides: a portal's submission becomes the event other systems would publish,
with an id derived from (key name, reference) so a retried POST is the same event and the same
nomination; and what a portal reads back about a screened nomination."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from shared.events.envelope import derived_id, new_event
from shared.events.nomination import NominationSubmitted, NominationSubmittedEvent

from ..domain.model import nomination_id
from .ports import NominationRegistry
from .screening import outcome_event

INTAKE_SOURCE = "urn:socialgov:awards:intake:"


@dataclass(frozen=True)
class Submission:
    event: NominationSubmittedEvent
    nomination_id: str


def submission(holder: str, nomination: NominationSubmitted, now: datetime | None = None) -> Submission:
    """``holder``: the name of the intake key the portal presented; it becomes the event's source."""
    source = INTAKE_SOURCE + holder
    event = new_event(NominationSubmittedEvent, nomination, id=derived_id("intake", source, nomination.reference),
                      source=source, time=now or datetime.now(UTC), subject=nomination.reference)
    return Submission(event, nomination_id(source, nomination.reference))


async def screening_status(registry: NominationRegistry, nomination_id: str) -> dict[str, Any] | None:
    """The screened nomination as its outcome event tells it, with its status and how many distinct
    portals nominated it; None while it is not screened."""
    nomination = await registry.get(nomination_id)
    if nomination is None:
        return None
    return outcome_event(nomination).data.model_dump(mode="json") | {
        "status": nomination.status, "nominators": len(nomination.nominators)}
