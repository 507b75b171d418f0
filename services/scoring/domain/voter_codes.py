"""One-time codes that confirm a voter's email address before the vote is cast.

An address holds one live code at a time, for the category it asked to vote in: six digits, valid for
``LIFETIME``, ``TRIES`` attempts, used once; a new code replaces the address's previous one. An address is
sent at most ``SENDS_PER_HOUR`` codes an hour across all categories, so the pages cannot be made to flood
a mailbox. Only a keyed hash of the code is kept, bound to the voter's scope (edition, category, keyed
hash of the address): a code given for one category proves nothing in another, and a stored code cannot
be read back.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

LIFETIME = timedelta(minutes=10)
TRIES = 5
SENDS_PER_HOUR = 10  # the four categories of an edition, with room for a mistyped address or a lost email


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def code_hash(secret: str, scope: str, code: str) -> str:
    return hmac.new(secret.encode(), f"voter code|{scope}|{code}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Issued:
    """What is kept of the codes sent to one address (by its voter id)."""

    scope: str  # the edition, category and voter the live code is for
    code_hash: str
    nomination_id: str
    expires_at: datetime
    tries_left: int
    sent_at: tuple[datetime, ...]  # the sends of the last hour


def may_send(previous: Issued | None, now: datetime) -> bool:
    return previous is None or len(_last_hour(previous.sent_at, now)) < SENDS_PER_HOUR


def issue(previous: Issued | None, code: str, secret: str, scope: str, nomination_id: str, now: datetime) -> Issued:
    """A new code for the address (its previous one stops counting); call only when ``may_send``."""
    sent = _last_hour(previous.sent_at, now) if previous else ()
    return Issued(scope, code_hash(secret, scope, code), nomination_id, now + LIFETIME, TRIES, (*sent, now))


def _last_hour(sent: tuple[datetime, ...], now: datetime) -> tuple[datetime, ...]:
    return tuple(at for at in sent if now - at < timedelta(hours=1))
