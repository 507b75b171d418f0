"""What the nominations view shows, derived from events alone.

Screening and standing arrive on different topics in any order; each sets its own fields, so the view
converges whatever the order. Standings carry a version and only a higher one replaces the last.
"""

import re
from typing import Any

from shared.events.nomination import NominationAccepted, NominationRejected
from shared.names import normalise_arabic, normalise_latin
from shared.events.scoring import StandingUpdated


def screening_fields(n: NominationAccepted | NominationRejected, status: str) -> dict[str, Any]:
    return {
        "status": status,
        "reasons": [r.model_dump() for r in getattr(n, "reasons", [])],
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


def search_filter(text: str) -> dict[str, Any]:
    """Names containing ``text``, compared in the normal form on both sides."""
    clauses = [{"search_ar": {"$regex": re.escape(normalise_arabic(text))}}]
    if latin := normalise_latin(text):
        clauses.append({"search_en": {"$regex": re.escape(latin)}})
    return {"$or": clauses}


def standing_fields(s: StandingUpdated) -> dict[str, Any]:
    """The standing with everything that explains it (components, criteria means, indicator ranks,
    votes, what is missing)."""
    return s.model_dump(mode="json", exclude={"nomination_id", "version", "accepted_at"})
