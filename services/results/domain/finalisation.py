"""The rules of finalising an edition: when it may be finalised, why it was forced, and which standings
came too late to count.

- An edition is finalised when every accepted nomination has its full jury (the edition's quota), or when
  an operator forces it with a reason; the reason is recorded only when judging was indeed incomplete.
- A standing published after the edition was finalised is late: kept for the record, never applied.
  Judged by the event's own time, so a rebuild by replay freezes the very same results.
"""

from datetime import datetime
from typing import Any

from .progress import accepted_progress


class NotReady(Exception):
    """Judging is incomplete and finalisation was not forced."""


class ReasonRequired(Exception):
    """A forced finalisation without a reason."""


def require_reason(force: bool, reason: str | None) -> None:
    if force and not reason:
        raise ReasonRequired("a forced finalisation needs a reason")


def forced_because(nominations: list[dict[str, Any]], judges_per_nomination: int, force: bool,
                   reason: str | None) -> str | None:
    """The reason to record for finalising the edition of ``nominations`` now: None when judging is
    complete, the operator's reason when forced, else ``NotReady``."""
    progress = accepted_progress(nominations, judges_per_nomination)
    if progress.complete:
        return None
    if not force:
        raise NotReady(f"{progress.accepted - progress.fully_judged} accepted nominations have fewer than "
                       f"{judges_per_nomination} jury scores")
    return reason


def is_late(published_at: datetime, finalised_at: datetime | None) -> bool:
    """A standing published after its edition's finalisation."""
    return finalised_at is not None and published_at > finalised_at
