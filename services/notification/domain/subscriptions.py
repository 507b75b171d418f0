"""Who is told what: staff subscriptions with filters by kind, country and category."""

import re
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from pydantic import BaseModel, Field, field_validator

from .notices import KINDS, Notice

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


class Subscription(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9-]{1,60}$")
    name: str = Field(min_length=1, max_length=200)
    email: str | None = None
    webhook_url: str | None = None
    language: Literal["ar", "en"] = "ar"
    timezone: str = "Africa/Cairo"
    kinds: list[str] = Field(default_factory=list, description="Empty: every kind.")
    countries: list[str] = Field(default_factory=list, description="Empty: every country.")
    categories: list[str] = Field(default_factory=list, description="Empty: every category.")
    digest_kinds: list[str] = Field(default_factory=list,
                                    description="Kinds sent once a day in a digest instead of one by one.")
    digest_hour: int = Field(8, ge=0, le=23, description="Local hour the daily digest is sent.")

    @field_validator("email")
    @classmethod
    def email_well_formed(cls, email: str | None) -> str | None:
        if email is not None and not EMAIL.match(email):
            raise ValueError("not an email address")
        return email

    @field_validator("webhook_url")
    @classmethod
    def webhook_https(cls, url: str | None) -> str | None:
        """https only; plain http is allowed to this machine's own loopback receivers (tests, demos)."""
        if url is None:
            return url
        parts = urlsplit(url)
        if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK):
            return url
        raise ValueError("webhooks must use https")

    @field_validator("timezone")
    @classmethod
    def known_zone(cls, zone: str) -> str:
        if zone not in available_timezones():
            raise ValueError(f"unknown time zone {zone}")
        return zone

    @field_validator("kinds", "digest_kinds")
    @classmethod
    def known_kinds(cls, kinds: list[str]) -> list[str]:
        if unknown := set(kinds) - set(KINDS):
            raise ValueError(f"unknown kinds {sorted(unknown)}; known: {list(KINDS)}")
        return kinds


def office_subscriptions(staff_emails: list[str]) -> list[Subscription]:
    """The awards office: every address told everything, in Arabic, until a stored subscription of the
    same id replaces it."""
    return [Subscription(id=f"office-{i}", name="Awards office", email=email, language="ar")
            for i, email in enumerate(staff_emails, 1)]


def matches(subscription: Subscription, notice: Notice) -> bool:
    return ((not subscription.kinds or notice.kind in subscription.kinds)
            and (not subscription.countries or notice.country in subscription.countries)
            and (not subscription.categories or notice.category in subscription.categories))


def digests(subscription: Subscription, notice: Notice) -> bool:
    """The subscriber takes this kind in the daily digest rather than at once."""
    return notice.kind in subscription.digest_kinds


def masked(subscription: Subscription) -> Subscription:
    """The subscription as staff may read it: the webhook's scheme and host, not its path or query,
    where receivers put their tokens."""
    if subscription.webhook_url is None:
        return subscription
    parts = urlsplit(subscription.webhook_url)
    return subscription.model_copy(update={"webhook_url": f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/…"})
