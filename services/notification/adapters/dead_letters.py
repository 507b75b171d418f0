"""Reading a dead-letter record: its bytes are unreadable by definition, so only the ``x-dlq-*``
headers the dead-letter middleware wrote (and the record's position) are read, and nothing here fails."""

from datetime import UTC, datetime
from typing import Any

from ..domain.alerts import DeadLetter


def _when(headers: dict[str, Any], record: Any) -> datetime:
    try:
        return datetime.fromisoformat(str(headers["x-dlq-time"]))
    except (KeyError, ValueError):
        return datetime.fromtimestamp(record.timestamp / 1000, UTC)


async def read_dead_letter(message: Any) -> DeadLetter:
    headers, record = message.headers, message.raw_message
    return DeadLetter(topic=record.topic, partition=record.partition, offset=record.offset,
                      time=_when(headers, record), error=str(headers.get("x-dlq-error", "unknown")),
                      error_type=str(headers.get("x-dlq-error-type", "unknown")),
                      service=str(headers.get("x-dlq-service", "unknown")),
                      source_topic=str(headers.get("x-dlq-source-topic", record.topic)))
