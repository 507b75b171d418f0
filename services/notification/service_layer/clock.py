"""What the notification service does because time passed, not because an event arrived: reminders
before the judging and voting windows close, and the daily digests. Both go through the deliveries
ledger, so a tick repeated after a restart sends nothing twice."""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime

from shared.edition import Edition

from ..domain.alerts import closing_windows
from ..domain.notices import Notice
from ..domain.subscriptions import Subscription
from .digests import DigestDesk

log = logging.getLogger("awards.notification.clock")


class StaffClock:
    def __init__(self, editions: Callable[[], Iterable[Edition]], subscriptions: Callable[[], Awaitable[list[Subscription]]],
                 tell: Callable[[Notice], Awaitable[None]], desk: DigestDesk, leads_h: list[int]) -> None:
        self.editions, self.subscriptions, self.tell, self.desk, self.leads_h = (
            editions, subscriptions, tell, desk, leads_h)
        self.reminded: set[str] = set()  # this process's memory; the ledger is the real guard

    async def tick(self, now: datetime | None = None) -> None:
        now = now or datetime.now(UTC)
        for edition in self.editions():
            for notice in closing_windows(edition, now, self.leads_h):
                if notice.event_id not in self.reminded:
                    await self.tell(notice)
                    self.reminded.add(notice.event_id)
        await self.desk.send_due(await self.subscriptions(), now)

    async def run(self, interval_s: float) -> None:
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("reminders or digests failed; trying again")
            await asyncio.sleep(interval_s)
