"""SmtpSessions' contract (services/notification/adapters/smtp_sessions.py) with stand-in sessions: what
is reused, what is replaced, what is never lent again. The same sessions on a real SMTP server:
tests/integration/test_smtp_sessions.py."""

import asyncio
from email.message import Message

import pytest
from aiosmtplib import SMTPResponseException, SMTPServerDisconnected

from services.notification.adapters.smtp_sessions import SmtpSessions


class StandInSession:
    def __init__(self, number: int) -> None:
        self.number, self.is_connected, self.quit_called = number, True, False
        self.sent: list[str] = []
        self.fails_with: BaseException | None = None

    async def send_message(self, message: Message) -> None:
        await asyncio.sleep(0)  # as a real session waits on its server
        if self.fails_with is not None:
            raise self.fails_with
        self.sent.append(message["Subject"])

    def close(self) -> None:
        self.is_connected = False

    async def quit(self) -> None:
        self.quit_called = True
        self.close()


class Server:
    def __init__(self) -> None:
        self.sessions: list[StandInSession] = []

    async def connect(self) -> StandInSession:
        self.sessions.append(StandInSession(len(self.sessions)))
        return self.sessions[-1]


def message(subject: str) -> Message:
    email = Message()
    email["Subject"] = subject
    return email


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_messages_one_after_the_other_share_one_session() -> None:
    server = Server()
    sessions = SmtpSessions(server.connect, keep=2)
    for subject in ("a", "b", "c"):
        await sessions.send(message(subject))
    assert [s.sent for s in server.sessions] == [["a", "b", "c"]]
    await sessions.close()
    assert server.sessions[0].quit_called


async def test_a_session_idle_too_long_is_not_reused() -> None:
    server, clock = Server(), Clock()
    sessions = SmtpSessions(server.connect, keep=2, idle_s=60, clock=clock)
    await sessions.send(message("a"))
    clock.now = 61
    await sessions.send(message("b"))
    assert [s.sent for s in server.sessions] == [["a"], ["b"]]
    assert not server.sessions[0].is_connected


async def test_a_session_the_server_closed_while_idle_is_replaced_for_that_message() -> None:
    server = Server()
    sessions = SmtpSessions(server.connect, keep=2)
    await sessions.send(message("a"))
    server.sessions[0].fails_with = SMTPServerDisconnected("closed while idle")
    await sessions.send(message("b"))
    assert [s.sent for s in server.sessions] == [["a"], ["b"]]
    server.sessions[0].is_connected = False  # noticed before sending: not tried at all
    await sessions.send(message("c"))
    assert [s.sent for s in server.sessions] == [["a"], ["b", "c"]]


async def test_a_new_session_that_fails_is_not_retried() -> None:
    async def refused() -> StandInSession:
        session = StandInSession(0)
        session.fails_with = SMTPServerDisconnected("gone")
        opened.append(session)
        return session
    opened: list[StandInSession] = []
    sessions = SmtpSessions(refused, keep=2)
    with pytest.raises(SMTPServerDisconnected):
        await sessions.send(message("a"))
    assert len(opened) == 1 and not opened[0].is_connected


async def test_a_session_that_failed_otherwise_is_closed_and_never_lent_again() -> None:
    server = Server()
    sessions = SmtpSessions(server.connect, keep=2)
    await sessions.send(message("a"))
    server.sessions[0].fails_with = SMTPResponseException(451, "try later")
    with pytest.raises(SMTPResponseException):
        await sessions.send(message("b"))
    assert len(server.sessions) == 1 and not server.sessions[0].is_connected
    await sessions.send(message("c"))
    assert [s.sent for s in server.sessions] == [["a"], ["c"]]


async def test_messages_sent_at_once_each_get_a_session_and_at_most_keep_wait() -> None:
    server = Server()
    sessions = SmtpSessions(server.connect, keep=1)
    await asyncio.gather(*(sessions.send(message(subject)) for subject in ("a", "b")))
    assert sorted(s.sent[0] for s in server.sessions) == ["a", "b"]
    assert sorted(s.quit_called for s in server.sessions) == [False, True]
