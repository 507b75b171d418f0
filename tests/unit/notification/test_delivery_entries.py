"""A delivery before it is sent (service_layer/delivery_entries.py): one ledger entry per matching
subscriber and channel, rendered in the subscriber's language."""

from services.notification.service_layer.delivery_entries import planned
from tests.unit.notification.given import COORDINATOR, OFFICE, REJECTED, TUNISIA, notice_of


def test_each_matching_subscriber_gets_the_message_in_their_language() -> None:
    entries = planned(notice_of(REJECTED), [OFFICE, COORDINATOR, TUNISIA], "https://results")
    assert [(e["_id"], e["language"]) for e in entries] == [
        ("ev-9:office:email", "ar"), ("ev-9:tn:email", "en"), ("ev-9:tn:webhook", "en")]
    arabic = entries[0]["message"]
    assert arabic["subject"] == "رُفض ترشيح بلدية تونس <الكبرى>"
    assert '<html lang="ar" dir="rtl">' in arabic["html"] and "&lt;الكبرى&gt;" in arabic["html"]
    assert "رجب 1445 هـ" in arabic["text"] and "13:00 (Asia/Riyadh)" in arabic["text"]
    assert '<html lang="en" dir="ltr">' in entries[1]["message"]["html"]
