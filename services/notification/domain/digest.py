"""The daily digest: the kinds a subscriber chose to receive once a day, grouped by the local day they
happened on, sent at the subscriber's digest hour the next morning."""

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from shared.events.envelope import derived_id

from .notices import Notice


def local_day(moment: datetime, zone: str) -> date:
    return moment.astimezone(ZoneInfo(zone)).date()


def digest_due(day: date, zone: str, hour: int, now: datetime) -> bool:
    """A day's digest goes out once the next local day has reached the digest hour."""
    return now >= datetime.combine(day + timedelta(days=1), time(hour), tzinfo=ZoneInfo(zone))


def digest_notice(subscription_id: str, day: date, items: list[dict[str, Any]], now: datetime) -> Notice:
    """items: {kind, subject, time, item_id}. The id covers the items, so events that arrive after their
    day's digest went out make a second digest for that day rather than vanishing."""
    ordered = sorted(items, key=lambda i: (i["kind"], i["time"]))
    return Notice("digest", derived_id("digest", subscription_id, day.isoformat(),
                                       *sorted(i["item_id"] for i in items)),
                  now, facts={"day": day.isoformat(), "count": len(items),
                              "items": [{"kind": i["kind"], "subject": i["subject"]} for i in ordered]})
