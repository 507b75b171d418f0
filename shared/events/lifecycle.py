"""Payloads of the edition lifecycle and the notification audit (v1)."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from shared.edition import Edition

from .envelope import CloudEvent, EventData, event_type


class EditionPublished(EventData):
    edition_id: str
    edition: Edition = Field(description="The edition file, validated.")


class Medal(EventData):
    category: str
    rank: int = Field(ge=1, le=3)
    nomination_id: str
    standing: float


class WinnersAnnounced(EventData):
    edition_id: str
    finalised_at: datetime
    winners: list[Medal]


class NotificationSent(EventData):
    delivery_key: str = Field(description="event id, recipient and channel: unique per delivery.")
    event_id: str
    recipient: str
    channel: Literal["email", "webhook"]
    kind: str
    status: Literal["sent", "failed"]
    nomination_id: str | None = None


class EditionPublishedEvent(CloudEvent[EditionPublished]):
    type: Literal[event_type("edition.published")]  # type: ignore[valid-type]  # built by event_type()


class WinnersAnnouncedEvent(CloudEvent[WinnersAnnounced]):
    type: Literal[event_type("winners.announced")]  # type: ignore[valid-type]  # built by event_type()


class NotificationSentEvent(CloudEvent[NotificationSent]):
    type: Literal[event_type("notification.sent")]  # type: ignore[valid-type]  # built by event_type()
