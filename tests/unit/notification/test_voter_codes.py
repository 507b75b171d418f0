"""Emailing voters' codes (``service_layer.voter_codes``), with an in-memory mail channel: sent once in
the voter's language, never after it expired, and an address the server refuses is dropped."""

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import pytest

from services.notification.service_layer.ports import PermanentFailure
from services.notification.service_layer.voter_codes import send_code
from shared.events.envelope import new_event
from shared.events.scoring import VoterCodeRequested, VoterCodeRequestedEvent
from shared.transient import TransientFailure
from tests.unit.scoring.given import EDITION

NOW = datetime(2024, 1, 10, 12, tzinfo=UTC)


class Mailbox:
    def __init__(self, answer: Exception | None = None) -> None:
        self.sent: list[tuple[str, dict[str, Any], str]] = []
        self.answer = answer

    async def __call__(self, target: str, message: dict[str, Any], key: str, /) -> None:
        if self.answer:
            raise self.answer
        self.sent.append((target, message, key))


class Sent:
    def __init__(self) -> None:
        self.ids: set[str] = set()

    async def sent(self, event_id: str) -> bool:
        return event_id in self.ids

    async def record(self, event_id: str) -> None:
        self.ids.add(event_id)


def asked(language: Literal["ar", "en"] = "ar",
          expires_at: datetime = NOW + timedelta(minutes=10)) -> VoterCodeRequestedEvent:
    data = VoterCodeRequested(email="voter@example.org", code="042917", language=language,
                              edition_id=EDITION.id, category="digital-content", expires_at=expires_at)
    return new_event(VoterCodeRequestedEvent, data, id=f"code-{language}-{expires_at:%H%M}", source="urn:test",
                     time=NOW)


def edition_of(edition_id: str) -> Any:
    return EDITION if edition_id == EDITION.id else None


async def test_a_code_is_emailed_once_in_the_voters_language() -> None:
    mail, sent, event = Mailbox(), Sent(), asked("en")
    assert await send_code(event, NOW, mail, sent, edition_of)
    assert not await send_code(event, NOW, mail, sent, edition_of), "a redelivery sends nothing"
    [(to, message, key)] = mail.sent
    assert to == "voter@example.org" and "042917" in message["subject"] and "042917" in message["text"]
    assert "“Digital content of government entities”" in message["text"], "the category by the edition's name"
    assert key == f"voter-code|{event.id}"
    arabic = Mailbox()
    await send_code(asked("ar"), NOW, arabic, Sent(), edition_of)
    assert arabic.sent[0][1]["subject"].startswith("رمز") and 'dir="rtl"' in arabic.sent[0][1]["html"]


async def test_an_expired_code_is_not_sent_and_a_refused_address_is_dropped() -> None:
    mail = Mailbox()
    assert not await send_code(asked(expires_at=NOW), NOW, mail, Sent(), edition_of)
    assert mail.sent == []
    refused, sent = Mailbox(PermanentFailure("550 <voter@example.org>: no such mailbox")), Sent()
    assert not await send_code(asked(), NOW, refused, sent, edition_of)
    assert sent.ids == set()


async def test_a_mail_server_that_puts_the_code_off_is_retried_without_the_address_in_the_error(
    caplog: pytest.LogCaptureFixture
) -> None:
    busy = Mailbox(TransientFailure("SMTP 451: <voter@example.org> greylisted, try later"))
    with pytest.raises(TransientFailure) as retried:
        await send_code(asked(), NOW, busy, Sent(), edition_of)
    assert "example.org" not in str(retried.value) and retried.value.__cause__ is None
    await send_code(asked(), NOW, Mailbox(PermanentFailure("550 <voter@example.org> unknown")), Sent(), edition_of)
    assert "example.org" not in caplog.text

