import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiokafka.structs import ConsumerRecord

from shared import topics
from shared.events.nomination import NominationAcceptedEvent
from shared.logs import correlation_id
from shared.reading import UNREADABLE_HEADERS, UnreadableEvent, parse_tolerating_headers, reader_of

EVENT: dict[str, Any] = {
    "specversion": "1.0", "id": "e-1", "source": "urn:x", "time": "2023-11-15T10:00:00+03:00",
    "type": "org.socialgov.awards.nomination.accepted.v1", "correlationid": "c-1",
    "data": {"nomination_id": "n-1", "reference": "r", "submitted_by": "urn:x",
             "edition_id": "2024-first", "category": "digital-content", "country": "SA",
             "nominee": {"kind": "entity", "name_ar": "هيئة"}, "accounts": []},
}


@dataclass
class Message:
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


read = reader_of(topics.NOMINATIONS_SCREENED)


async def test_a_valid_record_becomes_its_event_and_sets_the_correlation() -> None:
    event = await read(Message(json.dumps(EVENT).encode()))
    assert isinstance(event, NominationAcceptedEvent)
    assert correlation_id.get() == "c-1"


@pytest.mark.parametrize("body", [
    b"\xff\xfe",
    b"{",
    b"[]",
    json.dumps({**EVENT, "time": "2023-11-15T10:00:00"}).encode(),  # no UTC offset: ambiguous
    json.dumps({**EVENT, "type": "org.socialgov.awards.nomination.accepted.v9"}).encode(),
    json.dumps({**EVENT, "data": {**EVENT["data"], "surprise": 1}}).encode(),
])
async def test_anything_else_is_unreadable(body: bytes) -> None:
    with pytest.raises(UnreadableEvent):
        await read(Message(body))


async def test_a_record_with_non_utf8_headers_is_kept_whole_and_flagged() -> None:
    record = ConsumerRecord("t", 0, 7, 0, 0, b"k", json.dumps(EVENT).encode(), None, 1, 1,
                            headers=[("origin", b"\xff\xfe")])

    async def strict(r: ConsumerRecord) -> Message:
        return Message(r.value, {k: v.decode() for k, v in r.headers})

    message = await parse_tolerating_headers(record, strict)
    assert message.raw_message is record
    assert UNREADABLE_HEADERS in message.headers
    with pytest.raises(UnreadableEvent, match="UTF-8"):
        await read(message)
