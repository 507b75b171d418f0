"""The daily digest, end to end: notices of digested kinds are kept per subscriber and local day; once
a day's digest is due, it is delivered like any notification (the same ledger, channels and retries),
and its items are marked sent only after the delivery was claimed, so a crash in between sends the same
digest (same id, dropped by the ledger) rather than none."""

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from shared.edition import Edition

from ..domain.digest import digest_due, digest_notice, local_day
from ..domain.notices import Notice
from ..domain.rendering import render
from ..domain.subscriptions import Subscription, digests, matches
from .delivery import Deliverer
from .delivery_entries import entries_for
from .ports import DigestItems


class DigestDesk:
    def __init__(self, items: DigestItems, deliverer: Deliverer, results_url: str) -> None:
        self.items, self.deliverer, self.results_url = items, deliverer, results_url

    async def keep(self, notice: Notice, subscriptions: list[Subscription], edition: Edition | None = None) -> int:
        """Keeps the notice for every subscriber who digests its kind, as its subject in their language
        (``edition`` names its codes)."""
        kept = 0
        for sub in subscriptions:
            if matches(sub, notice) and digests(sub, notice):
                subject = render(notice, sub.language, sub.timezone, self.results_url, edition).subject
                await self.items.keep(f"{notice.event_id}:{sub.id}", sub.id, local_day(notice.time, sub.timezone),
                                      kind=notice.kind, subject=subject, time=notice.time)
                kept += 1
        return kept

    async def send_due(self, subscriptions: list[Subscription], now: datetime) -> int:
        """Delivers every digest whose time has come; returns how many."""
        by_id = {sub.id: sub for sub in subscriptions}
        days: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for item in await self.items.waiting():
            days[(item["subscription_id"], item["day"])].append(item)
        sent = 0
        for (sub_id, day_iso), items in sorted(days.items()):
            sub = by_id.get(sub_id)
            day = date.fromisoformat(day_iso)
            if sub is None or not digest_due(day, sub.timezone, sub.digest_hour, now):
                continue
            notice = digest_notice(sub_id, day, [{**i, "item_id": i["_id"]} for i in items], now)
            for entry in entries_for(notice, sub, self.results_url):
                await self.deliverer.deliver(entry)
            await self.items.mark_sent([i["_id"] for i in items])
            sent += 1
        return sent
