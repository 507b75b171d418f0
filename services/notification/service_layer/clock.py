"""What the notification service does because time passed, not because an event arrived: reminders
before the judging and voting windows close, and the daily digests. Both go through the deliveries
ledger, so a tick repeated after a restart sends nothing twice."""

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime

from shared.edition import Edition
from shared.periodic import Periodic

from ..domain.alerts import closing_windows
from ..domain.notices import Notice
from ..domain.subscriptions import Subscription
from .digests import DigestDesk

log = logging.getLogger("awards.notification.clock")


class StaffClock:
    def __init__(self, editions: Callable[[], Iterable[Edition]],
                 subscriptions: Callable[[], Awaitable[list[Subscription]]],
                 tell: Callable[[Notice], Awaitable[None]], desk: DigestDesk, leads_h: list[int],
                 remembered: int, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        """``remembered`` reminders this process keeps having told, newest last: they spare the ledger a
        claim per reminder and tick; the ledger is the real guard, so one forgotten past this bound costs
        a claim, never an email."""
        self.editions, self.subscriptions, self.tell, self.desk, self.leads_h = (
            editions, subscriptions, tell, desk, leads_h)
        self.remembered, self.now = remembered, now
        self.reminded: OrderedDict[str, None] = OrderedDict()

    async def tick(self, now: datetime | None = None) -> None:
        now = now or self.now()
        for edition in self.editions():
            for notice in closing_windows(edition, now, self.leads_h):
                if notice.event_id not in self.reminded:
                    await self.tell(notice)
                    self._remember(notice.event_id)
        await self.desk.send_due(await self.subscriptions(), now)

    def _remember(self, event_id: str) -> None:
        self.reminded[event_id] = None
        while len(self.reminded) > self.remembered:
            self.reminded.popitem(last=False)

    def every(self, interval_s: float) -> Periodic:
        """The clock ticking every ``interval_s`` once started; a failed tick is tried again at the next."""
        return Periodic("staff-clock", interval_s, self.tick, log=log,
                        failure="reminders or digests failed; trying again")
