from datetime import datetime, timezone

import pytest

from services.notification.domain.messages import screening_message
from services.notification.service_layer.delivery import deliver, message_id
from shared.events.nomination import NominationRejected, NominationRejectedEvent
from tests.unit.fakes import FakeLedger, FakeMailer

REJECTED = NominationRejectedEvent(
    id="ev-9", source="urn:socialgov:awards:nomination", type=NominationRejectedEvent.event_type,
    time=datetime(2023, 11, 2, tzinfo=timezone.utc),
    data=NominationRejected(
        nomination_id="n-9", reference="TN-1", submitted_by="urn:tn", edition_id="2024-first",
        category="digital-content", country="TN", nominee={"kind": "entity", "name_ar": "بلدية تونس"},
        accounts=[], reasons=[{"code": "NO_OFFICIAL_ACCOUNT", "en": "Needs an account.",
                               "ar": "يلزم حساب رسمي."}]),
)


async def test_a_redelivered_event_sends_no_second_email_but_republishes_the_audit() -> None:
    ledger, mailer = FakeLedger(), FakeMailer()
    message = screening_message(REJECTED.data, "http://results")
    first = await deliver(REJECTED, message, "office@x", ledger, mailer, "n-9")
    second = await deliver(REJECTED, message, "office@x", ledger, mailer, "n-9")
    assert len(mailer.sent) == 1
    assert first.id == second.id
    assert first.data.delivery_key == "ev-9:office@x:email"


async def test_a_failed_send_leaves_the_claim_open_and_the_retry_uses_the_same_message_id() -> None:
    ledger, mailer = FakeLedger(), FakeMailer(failures=1)
    message = screening_message(REJECTED.data, "http://results")
    with pytest.raises(ConnectionError):
        await deliver(REJECTED, message, "office@x", ledger, mailer, "n-9")
    await deliver(REJECTED, message, "office@x", ledger, mailer, "n-9")
    assert mailer.sent == [("office@x", message.subject, message_id("ev-9:office@x:email"))]


def test_the_message_names_the_nominee_as_submitted_and_every_reason_in_both_languages() -> None:
    message = screening_message(REJECTED.data, "http://results/")
    assert "بلدية تونس" in message.subject
    assert "يلزم حساب رسمي." in message.body and "Needs an account." in message.body
    assert "http://results/nominations/n-9" in message.body
