"""Screening submitted nominations: the one use case of the nomination consumer.

Idempotent by construction: the nomination id is derived from (source, reference), the registry keeps
the first screening of that id, and the outcome event's id is derived from the nomination id. A
redelivered or re-sent submission therefore re-publishes the very same outcome event.

Duplicates: a nominee already accepted in the same edition and category (same normalised Arabic or
English name, or same account handle) is rejected with a pointer to the accepted nomination, whose
distinct nominators are counted. Two simultaneous duplicates race for one atomic step, the insert of
the primary key (the normalised Arabic name) in the nominee index: the first insert wins, the other
is rejected as its duplicate. Two nominations that share only an English name or a handle but are
screened at the same instant can both be accepted; the next one matching either is caught.

A batch is screened as if its submissions came one after the other (each judged against the accepted
ones before it, in the batch or stored), with one read and one write of each kind for the whole batch.
When another process won a claim this batch also made, the batch raises ``TransientFailure`` and is
screened again, then seeing that claim: nothing is stored for a nomination before its claim is won.
"""

import asyncio
from collections.abc import Callable
from typing import Any

from shared.edition import Edition
from shared.events.envelope import CloudEvent, derived_id, new_event
from shared.events.nomination import (
    NominationAccepted,
    NominationAcceptedEvent,
    NominationRejected,
    NominationRejectedEvent,
    NominationSubmittedEvent,
)
from shared.transient import TransientFailure

from ..domain.duplicates import nominee_keys
from ..domain.eligibility import duplicate_of, screen
from ..domain.model import Nomination, nomination_id
from .ports import NominationRegistry, NomineeIndex

SOURCE = "urn:socialgov:awards:nomination"


async def screen_submissions(
    events: list[NominationSubmittedEvent], edition_of: Callable[[str], Edition | None],
    registry: NominationRegistry, index: NomineeIndex,
) -> list[CloudEvent[Any]]:
    """The outcome event of each submission, in order."""
    ids = [nomination_id(event.source, event.data.reference) for event in events]
    keys_of = [nominee_keys(event.data) for event in events]
    # Both reads at once: the holders of every submission's keys, also those the registry turns out to
    # know already (a few more keys read, one database round trip fewer).
    stored, held = await asyncio.gather(registry.get_many(set(ids)),
                                        index.holders({key for nominee in keys_of for key in nominee.all}))
    new: dict[str, NominationSubmittedEvent] = {}  # the first submission of each unknown nomination
    keys = {}
    for nid, event, nominee in zip(ids, events, keys_of, strict=True):
        if nid not in stored and nid not in new:
            new[nid], keys[nid] = event, nominee
    claims: dict[str, str] = {}
    holds: dict[str, str] = {}
    screened: list[Nomination] = []
    for nid, event in new.items():
        reasons = screen(event.data, edition_of(event.data.edition_id), event.time)
        original = next((held[key] for key in keys[nid].all if held.get(key, nid) != nid), None)
        if original is None and not reasons:
            claims[keys[nid].primary] = nid
            holds.update({key: nid for key in keys[nid].secondary if key not in held})
            held.update({key: nid for key in keys[nid].all if key not in held})  # the next ones see it
        if original is not None:
            reasons.append(duplicate_of(original))
        screened.append(Nomination(id=nid, submitted_by=event.source, submitted_at=event.time,
                                   submission=event.data, reasons=reasons, duplicate_of=original,
                                   nominators=(event.source,) if not reasons else ()))
    lost = {key: holder for key, holder in (await index.claim_many(claims)).items() if holder != claims[key]}
    if lost:
        raise TransientFailure(f"{len(lost)} nominee(s) claimed meanwhile by another process: screening again")
    await index.hold_many(holds)
    stored |= await registry.add_many(screened)
    outcomes = []
    for nid, event in zip(ids, events, strict=True):
        nomination = stored[nid]
        if nomination.duplicate_of and [r.code for r in nomination.reasons] == ["DUPLICATE_NOMINEE"]:
            await registry.count_nominator(nomination.duplicate_of, nomination.submitted_by)
        outcomes.append(outcome_event(nomination, cause=event))
    return outcomes


def outcome_event(nomination: Nomination, cause: CloudEvent[Any] | None = None) -> CloudEvent[Any]:
    fields = {
        "nomination_id": nomination.id,
        "reference": nomination.submission.reference,
        "submitted_by": nomination.submitted_by,
        **nomination.submission.model_dump(exclude={"reference"}),
    }
    event_id = derived_id("screened", nomination.id)
    if nomination.accepted:
        return new_event(NominationAcceptedEvent, NominationAccepted(**fields), id=event_id, source=SOURCE,
                         time=nomination.submitted_at, subject=nomination.id, cause=cause)
    rejected = NominationRejected(**fields, reasons=nomination.reasons, duplicate_of=nomination.duplicate_of)
    return new_event(NominationRejectedEvent, rejected, id=event_id, source=SOURCE,
                     time=nomination.submitted_at, subject=nomination.id, cause=cause)
