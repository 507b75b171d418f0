"""Staff email on kept SMTP sessions, against a real SMTP server (aiosmtpd, as ``make run``'s mailbox):
messages share a session, and one the server dropped for idling is replaced without losing a message.
The contract in detail, with stand-in sessions: tests/unit/notification/test_smtp_sessions.py."""

import asyncio

from infra.mail_sink import MailSink
from services.notification.adapters.smtp import SmtpMailer
from services.notification.settings import NotificationSettings


def mail(subject: str) -> dict[str, str]:
    return {"subject": subject, "text": f"{subject} in text", "html": f"<p>{subject}</p>"}


async def test_messages_share_one_session_on_a_real_server() -> None:
    sink = MailSink().start()
    mailer = SmtpMailer(NotificationSettings(smtp_port=sink.port))
    try:
        for n in range(5):
            await mailer("office@awards.test", mail(f"nomination {n}"), key=f"k{n}")
        await asyncio.gather(*(mailer("office@awards.test", mail(f"at once {n}"), key=f"a{n}") for n in range(3)))
    finally:
        await mailer.close()
        sink.stop()
    assert [str(m["Subject"]) for m in sink.messages[:5]] == [f"nomination {n}" for n in range(5)]
    assert sink.received == 8
    assert mailer.sessions.opened == len(sink.peers) == 3, (
        "one session for the five in a row, three for the three at once")


async def test_a_session_the_server_dropped_for_idling_is_replaced() -> None:
    sink = MailSink(idle_timeout_s=0.3).start()
    mailer = SmtpMailer(NotificationSettings(smtp_port=sink.port))
    try:
        await mailer("office@awards.test", mail("before"), key="k1")
        await asyncio.sleep(1.0)  # the server says 421 and closes the session
        await mailer("office@awards.test", mail("after"), key="k2")
    finally:
        await mailer.close()
        sink.stop()
    assert [str(m["Subject"]) for m in sink.messages] == ["before", "after"]
    assert len(sink.peers) == 2
