"""How a Kafka record becomes one of our events, and what counts as unreadable.

Contract, written once: ``reader_of(topic)`` validates the record's bytes once, against the union of
events that travel on ``topic`` (discriminated on the CloudEvents ``type``), and returns the event;
anything that is not such an event (not JSON, a broken envelope, an unknown type or version, a schema
violation, header values that are not UTF-8) raises ``UnreadableEvent``, which the dead-letter
middleware sends to ``<topic>.dlq`` at once. Only this step raises it, so a validation error inside our
own handler code is a bug (retried, then dead-lettered), never mistaken for bad input.
``batch_reader_of(topic)`` reads every record of a batch by the same rules and answers the events in
offset order; one unreadable record makes the whole batch raise ``UnreadableEvent`` (the dead-letter
middleware then handles its records one at a time, see ``shared.dead_letter``).
"""

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import ValidationError

from shared.events.catalogue import adapter
from shared.logs import correlation_id
from shared.topics import Topic

UNREADABLE_HEADERS = "x-awards-unreadable-headers"


class UnreadableEvent(Exception):
    """The record can never become an event, however often it is retried."""


def reader_of(topic: Topic) -> Callable[[Any], Awaitable[Any]]:
    events = adapter(topic)

    async def read(message: Any) -> Any:
        event = _event(events, topic, message.body, readable_headers=UNREADABLE_HEADERS not in message.headers)
        correlation_id.set(event.correlationid or event.id)
        return event

    return read


def batch_reader_of(topic: Topic) -> Callable[[Any], Awaitable[list[Any]]]:
    events = adapter(topic)

    async def read(message: Any) -> list[Any]:
        batch = [_event(events, topic, record.value or b"", readable_headers=_readable_headers(record))
                 for record in message.raw_message]
        correlation_id.set((batch[0].correlationid or batch[0].id) if len(batch) == 1 else None)
        return batch

    return read


def _event(events: Any, topic: Topic, body: bytes, *, readable_headers: bool) -> Any:
    if not readable_headers:
        raise UnreadableEvent("header values are not UTF-8")
    try:
        return events.validate_json(body)
    except ValidationError as error:
        raise UnreadableEvent(f"not a valid {topic.name} event: {error}") from error


def _readable_headers(record: Any) -> bool:
    try:
        for _, value in record.headers:
            value.decode()
    except UnicodeDecodeError:
        return False
    return True


def _with_readable_headers(record: Any) -> Any:
    if _readable_headers(record):
        return record
    headers = [(k, v.decode("utf-8", "replace").encode()) for k, v in record.headers]
    return dataclasses.replace(record, headers=[*headers, (UNREADABLE_HEADERS, b"1")])


async def parse_tolerating_headers(record: Any, parse: Callable[[Any], Awaitable[Any]]) -> Any:
    """FastStream decodes header values as UTF-8 before any middleware runs, and a failure there
    would skip the record silently. Parse a copy with readable headers instead, keep the original
    record for dead-lettering, and flag it so ``reader_of`` refuses it."""
    try:
        return await parse(record)
    except UnicodeDecodeError:
        readable: Any = (tuple(map(_with_readable_headers, record)) if isinstance(record, (tuple, list))
                         else _with_readable_headers(record))
        message = await parse(readable)
        message.raw_message = record
        return message
