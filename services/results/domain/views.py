"""What the nominations view shows, derived from events alone.

Screening and standing arrive on different topics in any order; each sets its own fields, so the view
converges whatever the order. Standings carry a version and only a higher one replaces the last.
A batch of events becomes one write per nomination: its last screening, its newest standing.
"""

from typing import Any

from shared.events.catalogue import ScreenedEvent
from shared.events.nomination import NominationAccepted, NominationAcceptedEvent, NominationRejected
from shared.events.scoring import StandingUpdated, StandingUpdatedEvent
from shared.names import normalise_arabic, normalise_latin


def screenings(events: list[ScreenedEvent]) -> dict[str, dict[str, Any]]:
    """``{nomination id: fields}``, the last screening of each nomination in the batch."""
    return {event.data.nomination_id: screening_fields(
        event.data, "accepted" if isinstance(event, NominationAcceptedEvent) else "rejected")
        | {"screened_at": event.time} for event in events}


def newest_standings(events: list[StandingUpdatedEvent]) -> dict[str, tuple[int, dict[str, Any]]]:
    """``{nomination id: (version, fields)}``, the highest version of each nomination in the batch."""
    newest: dict[str, StandingUpdated] = {}
    for event in events:
        known = newest.get(event.data.nomination_id)
        if known is None or event.data.version > known.version:
            newest[event.data.nomination_id] = event.data
    return {nomination_id: (standing.version, standing_fields(standing)) for nomination_id, standing in newest.items()}


def screening_fields(n: NominationAccepted | NominationRejected, status: str) -> dict[str, Any]:
    return {
        "nomination_id": n.nomination_id,  # as well as the _id: the board rounds read the documents as kept
        "status": status,
        "reasons": [r.model_dump() for r in n.reasons] if isinstance(n, NominationRejected) else [],
        "reference": n.reference,
        "submitted_by": n.submitted_by,
        "edition_id": n.edition_id,
        "category": n.category,
        "country": n.country,
        "sector": n.sector,
        "nominee": n.nominee.model_dump(),
        # Search keys in the nomination service's normal form: hamza, diacritics and case never hide a name.
        "search_ar": normalise_arabic(n.nominee.name_ar),
        "search_en": normalise_latin(n.nominee.name_en or ""),
        "accounts": [a.model_dump() for a in n.accounts],
    }


def standing_fields(s: StandingUpdated) -> dict[str, Any]:
    """The standing with everything that explains it (components, criteria means, indicator ranks,
    votes, what is missing)."""
    return s.model_dump(mode="json", exclude={"nomination_id", "version", "accepted_at"})
