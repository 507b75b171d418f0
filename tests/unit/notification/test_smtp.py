"""Email as the SMTP adapter builds it (adapters/smtp.py)."""

import email
import email.policy

from aiosmtplib.email import flatten_message

from services.notification.adapters.smtp import email_of


def test_a_long_arabic_subject_reaches_the_inbox_with_every_space() -> None:
    subject = "تدقيق التحكيم: خلاف بين المحكِّمين على d060b4ab-f4fe-5997-a45b-8c79a450675f (digital-content)"
    raw = flatten_message(email_of("a@x.org", "b@x.org", {"subject": subject, "text": "نص", "html": "<p>نص</p>"}, "k"))
    received = email.message_from_bytes(raw, policy=email.policy.default)
    assert str(received["Subject"]) == subject
    plain = received.get_body(preferencelist=("plain",))
    assert plain is not None and plain.get_content() == "نص"
