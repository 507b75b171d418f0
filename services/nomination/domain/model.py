"""A nomination and its screening outcome."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from shared.events.nomination import NominationSubmitted, RejectionReason

NOMINATION_ID_NAMESPACE = uuid.UUID("0d8f6e1c-4b59-4a0e-8a8e-6c2f0f5b9a11")


def nomination_id(source: str, reference: str) -> str:
    """Deterministic: the same submitter re-sending the same reference gets the same nomination."""
    return str(uuid.uuid5(NOMINATION_ID_NAMESPACE, f"{source}\x1f{reference}"))


@dataclass(frozen=True)
class Nomination:
    id: str
    submitted_by: str
    submitted_at: datetime
    submission: NominationSubmitted
    reasons: list[RejectionReason] = field(default_factory=list)
    duplicate_of: str | None = None
    nominators: tuple[str, ...] = ()

    @property
    def accepted(self) -> bool:
        return not self.reasons

    @property
    def status(self) -> str:
        return "accepted" if self.accepted else "rejected"
