"""SMTP sessions kept open between messages.

A session per message cost a TCP connection, EHLO (with STARTTLS and AUTH where configured) and QUIT
on both sides for every notification: at 50 nominations a second the bench's mail sink alone was busy
0.23 of a core, on a machine whose two cores the pipeline already filled.

Contract: ``send(message)`` sends on a session that went idle less than ``idle_s`` ago, else on a new
one. A kept session the server closed meanwhile (servers drop idle clients: Postfix and aiosmtpd after
300 s) is replaced by a new one for that message, once; the server may then see the message twice if
it dropped the session after accepting it and before answering, which a delivery retry risks anyway
(the Message-ID is the same). Any other error propagates, and the session it happened on is closed,
never lent again in an unknown state. At most ``keep`` sessions wait; ``close()`` ends them with QUIT.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable
from email.message import Message
from typing import Any, Protocol

from aiosmtplib import SMTPServerDisconnected

# What a kept session raises when its server closed it while it waited.
CLOSED_WHILE_IDLE = (SMTPServerDisconnected, ConnectionError)


class SmtpSession(Protocol):
    """What is used of an ``aiosmtplib.SMTP`` connected session."""

    @property
    def is_connected(self) -> bool: ...

    async def send_message(self, message: Message, /) -> Any: ...

    async def quit(self) -> Any: ...

    def close(self) -> None: ...


class SmtpSessions:
    def __init__(self, connect: Callable[[], Awaitable[SmtpSession]], keep: int, idle_s: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.connect, self.keep, self.idle_s, self.clock = connect, keep, idle_s, clock
        self._idle: list[tuple[SmtpSession, float]] = []  # (session, idle since), most recent last
        self.opened = 0

    async def send(self, message: Message) -> None:
        kept = self._kept()
        if kept is not None:
            try:
                await kept.send_message(message)
            except CLOSED_WHILE_IDLE:
                kept.close()  # closed by the server while idle: a new session sends it
            except BaseException:
                kept.close()
                raise
            else:
                await self._put_back(kept)
                return
        session = await self.connect()
        self.opened += 1
        try:
            await session.send_message(message)
        except BaseException:
            session.close()
            raise
        await self._put_back(session)

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        await asyncio.gather(*(_quit(session) for session, _ in idle))

    def _kept(self) -> SmtpSession | None:
        while self._idle:
            session, since = self._idle.pop()
            if session.is_connected and self.clock() - since < self.idle_s:
                return session
            session.close()
        return None

    async def _put_back(self, session: SmtpSession) -> None:
        if len(self._idle) < self.keep:
            self._idle.append((session, self.clock()))
        else:
            await _quit(session)


async def _quit(session: SmtpSession) -> None:
    try:
        await session.quit()
    except Exception:  # noqa: BLE001 - the session ends either way
        session.close()
