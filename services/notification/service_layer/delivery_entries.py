"""What a delivery is before it is sent: its ledger entries (one per subscription and channel, the
message rendered in the subscriber's language), the keys receivers drop repeats by, and the audit event
of its final outcome."""

import hashlib
from typing import Any

from shared.edition import Edition
from shared.events.envelope import derived_id, new_event
from shared.events.lifecycle import NotificationSent, NotificationSentEvent

from ..domain.notices import Notice
from ..domain.rendering import StaffMessage, render
from ..domain.subscriptions import Subscription, digests, matches

SOURCE = "urn:socialgov:awards:notification"


def message_id(delivery_key: str) -> str:
    return f"<{hashlib.sha256(delivery_key.encode()).hexdigest()[:40]}@awards.socialgov>"


def idempotency_key(delivery_key: str) -> str:
    return hashlib.sha256(delivery_key.encode()).hexdigest()[:40]


def audit(entry: dict[str, Any], status: str) -> NotificationSentEvent:
    sent = NotificationSent(delivery_key=entry["_id"], event_id=entry["event_id"], recipient=entry["target"],
                            channel=entry["channel"], kind=entry["kind"], status=status,
                            nomination_id=entry.get("nomination_id"))
    return new_event(NotificationSentEvent, sent, id=derived_id("notification", entry["_id"], status),
                     source=SOURCE, subject=entry.get("nomination_id"))


def repeated_audit(stored: dict[str, Any]) -> NotificationSentEvent | None:
    """A delivery claimed before: its audit again if it finished; none if it is claimed or waiting for a
    retry (the retrier owns it)."""
    status = {"done": "sent", "failed": "failed"}.get(stored.get("state", ""))
    return audit(stored, status) if status else None


def entries_for(notice: Notice, sub: Subscription, results_url: str,
                edition: Edition | None = None) -> list[dict[str, Any]]:
    """One ledger entry per channel of the subscription, with the message rendered for it (``edition``
    names the notice's codes)."""
    message: StaffMessage = render(notice, sub.language, sub.timezone, results_url, edition)
    return [{"_id": f"{notice.event_id}:{sub.id}:{channel}", "channel": channel, "target": target,
             "kind": notice.kind, "event_id": notice.event_id, "nomination_id": notice.nomination_id,
             "language": sub.language, "message": {"subject": message.subject, "text": message.text,
                                                   "html": message.html, "facts": notice.facts}}
            for channel, target in (("email", sub.email), ("webhook", sub.webhook_url)) if target]


def planned(notice: Notice, subscriptions: list[Subscription], results_url: str,
            edition: Edition | None = None) -> list[dict[str, Any]]:
    """The immediate deliveries of a notice: every matching subscription that does not digest its kind."""
    return [entry for sub in subscriptions if matches(sub, notice) and not digests(sub, notice)
            for entry in entries_for(notice, sub, results_url, edition)]
