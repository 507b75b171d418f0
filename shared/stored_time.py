"""Times as the database keeps them: BSON holds milliseconds, and a ``tz_aware`` client reads UTC back.
A value compared with one read back (a first standing checked against its stored copy) must be cut the
same way first."""

from datetime import UTC, datetime


def as_stored(moment: datetime) -> datetime:
    """The datetime as a ``tz_aware`` client reads it back: UTC, to the millisecond (BSON's precision)."""
    utc = moment.astimezone(UTC)
    return utc.replace(microsecond=utc.microsecond // 1000 * 1000)
