"""Screening a submitted nomination: the one use case of the nomination consumer.

Idempotent by construction: the nomination id is derived from (source, reference), the registry keeps
the first screening of that id, and the outcome event's id is derived from the nomination id. A
redelivered or re-sent submission therefore re-publishes the very same outcome event.

Duplicates: a nominee already accepted in the same edition and category (same normalised Arabic or
English name, or same account handle) is rejected with a pointer to the accepted nomination, whose
distinct nominators are counted. Two simultaneous duplicates race for one atomic step, the insert of
the primary key (the normalised Arabic name) in the nominee index: the first insert wins, the other
is rejected as its duplicate. Two nominations that share only an English name or a handle but are
screened at the same instant can both be accepted; the next one matching either is caught.
"""

from collections.abc import Iterable
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

from ..domain.duplicates import nominee_keys
from ..domain.eligibility import duplicate_of, screen
from ..domain.model import Nomination, nomination_id

SOURCE = "urn:socialgov:awards:nomination"


class NominationRegistry(Protocol):
    async def get(self, nomination_id: str) -> Nomination | None: ...

    async def add(self, nomination: Nomination) -> Nomination:
        """Stores the nomination unless its id is known; returns the one stored first."""
        ...

    async def count_nominator(self, nomination_id: str, nominator: str) -> None:
        """Adds a distinct nominator to an accepted nomination; a repeat changes nothing."""
        ...


class NomineeIndex(Protocol):
    async def holders(self, keys: Iterable[str]) -> dict[str, str]:
        """Key → the accepted nomination holding it, for the keys that are held."""
        ...

    async def claim(self, key: str, nomination_id: str) -> str:
        """Atomically holds ``key`` for ``nomination_id`` unless held; returns the holder."""
        ...

    async def hold(self, keys: Iterable[str], nomination_id: str) -> None:
        """Holds each of ``keys`` not yet held for ``nomination_id``, in one write; a held one stays its holder's."""
        ...


async def screen_submission(
    event: NominationSubmittedEvent, edition: Edition | None, registry: NominationRegistry,
    index: NomineeIndex,
) -> CloudEvent[Any]:
    nid = nomination_id(event.source, event.data.reference)
    nomination = await registry.get(nid)
    if nomination is None:
        reasons = screen(event.data, edition, event.time)
        keys = nominee_keys(event.data)
        held = await index.holders(keys.all)
        original = next((holder for holder in held.values() if holder != nid), None)
        if original is None and not reasons:
            holder = await index.claim(keys.primary, nid)  # the atomic decision
            if holder != nid:
                original = holder
            else:
                await index.hold(keys.secondary, nid)
        if original is not None:
            reasons.append(duplicate_of(original))
        nomination = await registry.add(Nomination(
            id=nid, submitted_by=event.source, submitted_at=event.time, submission=event.data,
            reasons=reasons, duplicate_of=original,
            nominators=(event.source,) if not reasons else (),
        ))
    if nomination.duplicate_of and [r.code for r in nomination.reasons] == ["DUPLICATE_NOMINEE"]:
        await registry.count_nominator(nomination.duplicate_of, nomination.submitted_by)
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
        model, data = NominationRejectedEvent, NominationRejected(
            **fields, reasons=nomination.reasons, duplicate_of=nomination.duplicate_of)
    return new_event(model, data, id=derived_id("screened", nomination.id), source=SOURCE,
                     time=nomination.submitted_at, subject=nomination.id, cause=cause)
