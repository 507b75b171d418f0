"""What the notification service layer needs from the world, declared here and implemented by
``adapters/`` (MongoDB, SMTP, HTTP) and by the unit tests' fakes (tests/unit/fakes/notification.py)."""

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, Protocol

from shared.edition import Edition
from shared.events.lifecycle import NotificationSentEvent

from ..domain.subscriptions import Subscription

Ledgered = dict[str, Any]
"""A deliveries-ledger document: ``_id`` (the delivery key), ``state``, ``attempts`` and the entry's facts
(``channel``, ``target``, ``kind``, ``event_id``, ``nomination_id``, ``language``, ``message``)."""


class PermanentFailure(Exception):
    """The receiver refused this delivery; retrying cannot help."""


class Channel(Protocol):
    """Sends one message to one target (an email address, a webhook URL). ``key`` is the delivery key: a
    resend carries the same Message-ID / Idempotency-Key derived from it. Raises ``TransientFailure``
    when trying again later may help, ``PermanentFailure`` when it cannot."""

    async def __call__(self, target: str, message: dict[str, Any], key: str, /) -> None: ...


class DeliveriesLedger(Protocol):
    """One document per (event, subscription, channel): claimed → done | retry → … → done | failed."""

    async def claim(self, key: str, **facts: Any) -> Ledgered | None:
        """Claims the key; None when this call claimed it, else the document stored before."""
        ...

    async def claim_many(self, entries: dict[str, dict[str, Any]]) -> dict[str, Ledgered]:
        """Claims every key not yet claimed; answers the documents stored before for the others."""
        ...

    async def done(self, key: str) -> None: ...

    async def done_many(self, keys: list[str]) -> None: ...

    async def failed(self, key: str, reason: str) -> None: ...

    async def retry_later(self, key: str, attempts: int, wait_s: float, reason: str) -> None: ...

    async def due(self) -> list[Ledgered]:
        """Retries whose time has come, and claims a crash left behind mid-send."""
        ...

    async def take(self, entry: Ledgered) -> bool:
        """Claims a due entry for this process, as read by ``due``: False when another instance took it
        (or it changed) since."""
        ...


class SubscriptionBook(Protocol):
    """Staff subscriptions: the office's defaults unless a stored subscription replaces them."""

    async def all(self) -> list[Subscription]: ...

    async def save(self, subscription: Subscription) -> None: ...

    async def remove(self, subscription_id: str) -> bool:
        """False when no stored subscription had that id."""
        ...


class CodesSent(Protocol):
    """The voters' codes already emailed, by the event that asked for them (never the address)."""

    async def sent(self, event_id: str) -> bool: ...
    async def record(self, event_id: str) -> None: ...


class DigestItems(Protocol):
    """Notices waiting for their subscriber's daily digest, one per (event, subscription)."""

    async def keep(self, item_id: str, subscription_id: str, day: date, **facts: Any) -> None:
        """Stores the item unless it is stored already (a redelivered event keeps nothing new)."""
        ...

    async def waiting(self, subscription_id: str | None = None) -> list[dict[str, Any]]:
        """Items not yet sent (``_id``, ``subscription_id``, ``day`` as ISO date, ``kind``, ``subject``,
        ``time``), by day."""
        ...

    async def mark_sent(self, item_ids: list[str]) -> None: ...


Publish = Callable[[list[NotificationSentEvent]], Awaitable[None]]
"""Publishes ``notifications.sent`` audit events; returns once the event log has them."""

EditionOf = Callable[[str], Edition | None]
"""The edition of an id, None where this process does not know it."""
