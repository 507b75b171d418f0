"""Operators' alerts: dead letters arriving, and judging or voting windows about to close."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.edition import Edition
from shared.events.envelope import derived_id

from .notices import Notice

# One alert per dead-letter topic per hour: a burst of bad events must not become a burst of emails.
DEAD_LETTER_BUCKET = timedelta(hours=1)
# Dead letters older than this are history, not an alert (a new deployment reads the topics from the start).
ALERT_HORIZON = timedelta(days=1)
REMINDED_WINDOWS = ("judging", "voting")


@dataclass(frozen=True)
class DeadLetter:
    topic: str
    partition: int
    offset: int
    time: datetime
    error: str
    error_type: str
    service: str
    source_topic: str


def dead_letter_alert(letter: DeadLetter, now: datetime) -> Notice | None:
    """The operators' alert of a dead letter; none for one older than ``ALERT_HORIZON``."""
    return dead_letter_notice(letter) if now - letter.time <= ALERT_HORIZON else None


def dead_letter_notice(letter: DeadLetter) -> Notice:
    bucket = letter.time.timestamp() // DEAD_LETTER_BUCKET.total_seconds()
    return Notice("dead_letter", derived_id("dead-letter", letter.topic, str(int(bucket))), letter.time, facts={
        "topic": letter.topic, "source_topic": letter.source_topic, "service": letter.service,
        "error": letter.error[:500], "error_type": letter.error_type,
        "position": f"{letter.partition}:{letter.offset}"})


def closing_windows(edition: Edition, now: datetime, leads_h: list[int]) -> list[Notice]:
    """For each open judging or voting window, the most urgent reminder whose time has come (a service
    started late sends the 24-hour reminder, not the 72-hour one as well)."""
    notices = []
    for name in REMINDED_WINDOWS:
        window = getattr(edition.windows, name)
        if not window.opens <= now < window.closes:
            continue
        left = window.closes - now
        leads = [lead for lead in leads_h if left <= timedelta(hours=lead)]
        if not leads:
            continue
        lead = min(leads)
        notices.append(Notice(
            "window.closing", derived_id("window-closing", edition.id, name, str(lead), window.closes.isoformat()),
            now, facts={"edition_id": edition.id, "window": name, "closes": window.closes.isoformat(),
                        "lead_h": lead, "hours_left": max(1, round(left.total_seconds() / 3600))},
            edition_id=edition.id))
    return notices
