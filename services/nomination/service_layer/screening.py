"""Screening a submitted nomination: the one use case of the nomination consumer.

Idempotent by construction: the nomination id is derived from (source, reference), the registry keeps
the first screening of that id, and the outcome event's id is derived from the nomination id. A
redelivered or re-sent submission therefore re-publishes the very same outcome event.
"""

from typing import Any, Protocol

from shared.edition import Edition
from shared.events.envelope import CloudEvent, derived_id, new_event
from shared.events.nomination import (
    NominationAccepted,
    NominationAcceptedEvent,
    NominationRejected,
    NominationRejectedEvent,
    NominationSubmittedEvent,
)

from ..domain.eligibility import screen
from ..domain.model import Nomination, nomination_id

SOURCE = "urn:socialgov:awards:nomination"


class NominationRegistry(Protocol):
    async def get(self, nomination_id: str) -> Nomination | None: ...

    async def add(self, nomination: Nomination) -> Nomination:
        """Stores the nomination unless its id is known; returns the one stored first."""
        ...


async def screen_submission(
    event: NominationSubmittedEvent, edition: Edition, registry: NominationRegistry
) -> CloudEvent[Any]:
    nid = nomination_id(event.source, event.data.reference)
    nomination = await registry.get(nid)
    if nomination is None:
        nomination = await registry.add(Nomination(
            id=nid,
            submitted_by=event.source,
            submitted_at=event.time,
            submission=event.data,
            reasons=screen(event.data, edition, event.time),
        ))
    return outcome_event(nomination, cause=event)


def outcome_event(nomination: Nomination, cause: CloudEvent[Any] | None = None) -> CloudEvent[Any]:
    fields = {
        "nomination_id": nomination.id,
        "reference": nomination.submission.reference,
        "submitted_by": nomination.submitted_by,
        **nomination.submission.model_dump(exclude={"reference"}),
    }
    if nomination.accepted:
        model, data = NominationAcceptedEvent, NominationAccepted(**fields)
    else:
        model, data = NominationRejectedEvent, NominationRejected(**fields, reasons=nomination.reasons)
    return new_event(model, data, id=derived_id("screened", nomination.id), source=SOURCE,
                     time=nomination.submitted_at, subject=nomination.id, cause=cause)
