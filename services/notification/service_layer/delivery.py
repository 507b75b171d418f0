"""Delivering one staff notification per (event, recipient, channel), once.

The deliveries ledger is claimed before sending and completed after. A crash between the two leaves
the entry "claimed": the retry sends again with the same Message-ID (derived from the delivery key),
so a mail server or client that deduplicates on it drops the repeat. Either way the audit event is
(re-)published with an id derived from the delivery key.
"""

import hashlib
from typing import Any, Protocol

from shared.events.envelope import CloudEvent, derived_id, new_event
from shared.events.lifecycle import NotificationSent, NotificationSentEvent
from shared.ledger import EventLedger

from ..domain.messages import StaffMessage

SOURCE = "urn:socialgov:awards:notification"


class Mailer(Protocol):
    async def send(self, to: str, message: StaffMessage, message_id: str) -> None: ...


def message_id(delivery_key: str) -> str:
    return f"<{hashlib.sha256(delivery_key.encode()).hexdigest()[:40]}@awards.socialgov>"


async def deliver(
    cause: CloudEvent[Any], message: StaffMessage, recipient: str, ledger: EventLedger, mailer: Mailer,
    nomination_id: str | None,
) -> CloudEvent[Any]:
    key = f"{cause.id}:{recipient}:email"
    entry = await ledger.claim(key, kind=message.kind, recipient=recipient)
    if entry is None or entry.get("state") != "done":
        await mailer.send(recipient, message, message_id(key))
        await ledger.complete(key, status="sent")
    audit = NotificationSent(delivery_key=key, event_id=cause.id, recipient=recipient, channel="email",
                             kind=message.kind, status="sent", nomination_id=nomination_id)
    return new_event(NotificationSentEvent, audit, id=derived_id("notification", key), source=SOURCE,
                     subject=nomination_id, cause=cause)
