"""The CloudEvents 1.0 envelope (structured JSON mode) that every event travels in.

Each concrete event is ``CloudEvent`` narrowed to one ``type`` literal and one payload model, so a
topic's schema is a union discriminated on ``type`` and an unknown type or version fails validation
(and is dead-lettered) instead of being half-understood.
"""

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

TYPE_PREFIX = "org.socialgov.awards."
CONTENT_TYPE = "application/cloudevents+json"
EVENT_ID_NAMESPACE = uuid.UUID("5b0c6a43-7a43-4f3e-9d5e-3f1a2b6c7d80")

Payload = TypeVar("Payload", bound=BaseModel)


class EventData(BaseModel):
    """Base of every event payload: immutable, and strict about unknown fields so a typo in another
    system's event is an error it hears about (via the dead-letter topic), not a silently lost field."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class CloudEvent(BaseModel, Generic[Payload]):
    model_config = ConfigDict(extra="allow", frozen=True)

    specversion: str = Field("1.0", pattern=r"^1\.0$")
    id: str = Field(min_length=1, max_length=200)
    source: str = Field(min_length=1, max_length=500, description="URI-reference of the producer.")
    type: str
    time: AwareDatetime = Field(
        description="When it happened, with its UTC offset; decisions use this, never the wall clock."
    )
    subject: str | None = Field(None, max_length=200)
    datacontenttype: str = "application/json"
    correlationid: str | None = Field(None, max_length=200)
    causationid: str | None = Field(None, max_length=200)
    data: Payload

    event_type: ClassVar[str] = ""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        # A concrete event narrows ``type`` to one Literal; expose it as ``event_type`` too, so the
        # type string is written once.
        super().__pydantic_init_subclass__(**kwargs)
        literal: tuple[object, ...] = getattr(cls.model_fields["type"].annotation, "__args__", ())
        if len(literal) == 1 and isinstance(literal[0], str):
            cls.event_type = literal[0]


Event = TypeVar("Event", bound=CloudEvent[Any])


def event_type(name: str, version: int = 1) -> str:
    """The versioned CloudEvents ``type`` of one of our events, e.g. ``...nomination.submitted.v1``."""
    return f"{TYPE_PREFIX}{name}.v{version}"


def derived_id(*parts: str) -> str:
    """A deterministic event id: the same cause always yields the same id, so a re-publish after a
    crash is recognisable downstream as the same event."""
    return str(uuid.uuid5(EVENT_ID_NAMESPACE, "\x1f".join(parts)))


def new_event(
    model: type[Event],
    data: BaseModel,
    *,
    id: str,
    source: str,
    time: datetime | None = None,
    subject: str | None = None,
    cause: CloudEvent[Any] | None = None,
) -> Event:
    """Builds an event that, when ``cause`` is given, carries its correlation and causation."""
    correlation = (cause.correlationid or cause.id) if cause else None
    return model(
        id=id,
        source=source,
        type=model.event_type,
        time=time or datetime.now(UTC),
        subject=subject,
        correlationid=correlation or id,
        causationid=cause.id if cause else None,
        data=data,
    )
