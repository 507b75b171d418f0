"""Payloads of the nomination service's events (v1)."""

from typing import Literal

from pydantic import Field

from .envelope import CloudEvent, EventData, event_type

NomineeKind = Literal["entity", "account", "person"]


class SocialAccount(EventData):
    platform: str = Field(min_length=1, max_length=40, examples=["facebook", "x", "instagram"])
    url: str = Field(min_length=1, max_length=2048, examples=["https://www.facebook.com/mohp.gov.eg"])


class Nominee(EventData):
    kind: NomineeKind = Field(description="entity: a government body; account: an official account or "
                              "app; person: someone holding a government post.")
    name_ar: str = Field(min_length=1, max_length=300, description="Arabic name, exactly as submitted.")
    name_en: str | None = Field(None, max_length=300)
    organisation_type: str | None = Field(
        None, max_length=60, description="For entities and accounts: ministry, authority, agency, …"
    )
    government_post: str | None = Field(None, max_length=200, description="For persons: the post held.")


class SubmittedMetrics(EventData):
    """What the nominator reports of the nominee's accounts. Ranges are checked by the eligibility
    rules (an implausible figure is a reasoned rejection, not an unreadable event)."""

    followers: int
    posts: int
    engagement_rate: float = Field(description="Interactions per follower per post, as a fraction.")
    reply_rate: float = Field(description="Share of citizens' questions answered, 0–1.")
    median_reply_minutes: float
    follower_growth: float = Field(description="Relative growth over the last year, e.g. 0.25.")


class NominationSubmitted(EventData):
    reference: str = Field(min_length=1, max_length=200,
                           description="The submitter's own id for this nomination; with the event "
                           "source it determines the nomination id.")
    edition_id: str = Field(min_length=1, max_length=60, pattern=r"^[a-z0-9-]+$")
    category: str = Field(min_length=1, max_length=60)
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2.")
    sector: str | None = Field(None, max_length=60)
    nominee: Nominee
    accounts: list[SocialAccount] = Field(default_factory=list, max_length=20)
    metrics: SubmittedMetrics | None = None


class RejectionReason(EventData):
    code: str = Field(description="Stable machine-readable code.")
    en: str
    ar: str


class ScreenedNomination(EventData):
    nomination_id: str
    reference: str
    submitted_by: str = Field(description="CloudEvents source of the submission.")
    edition_id: str
    category: str
    country: str
    sector: str | None = None
    nominee: Nominee
    accounts: list[SocialAccount]
    metrics: SubmittedMetrics | None = None


class NominationAccepted(ScreenedNomination):
    pass


class NominationRejected(ScreenedNomination):
    reasons: list[RejectionReason] = Field(min_length=1)
    duplicate_of: str | None = Field(
        None, description="The accepted nomination of the same nominee, when that is a reason."
    )


class NominationSubmittedEvent(CloudEvent[NominationSubmitted]):
    type: Literal[event_type("nomination.submitted")]  # type: ignore[valid-type]  # built by event_type()


class NominationAcceptedEvent(CloudEvent[NominationAccepted]):
    type: Literal[event_type("nomination.accepted")]  # type: ignore[valid-type]  # built by event_type()


class NominationRejectedEvent(CloudEvent[NominationRejected]):
    type: Literal[event_type("nomination.rejected")]  # type: ignore[valid-type]  # built by event_type()
