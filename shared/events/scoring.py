"""Payloads of the jury panel, the scoring evidence and the standings (v1)."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from .envelope import CloudEvent, EventData, event_type

# Codes and judge ids become MongoDB field names: latin, no '.' or '$'.
Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{1,60}$")]
Finite = Annotated[float, Field(allow_inf_nan=False)]


class JudgeRegistered(EventData):
    judge_id: Code
    edition_id: str
    name: str = Field(min_length=1, max_length=200)
    country: str = Field(pattern=r"^[A-Z]{2}$", description="A judge never scores nominees of this country.")
    languages: list[Literal["ar", "en", "fr"]] = Field(min_length=1)
    categories: list[Code] = Field(min_length=1, description="The panels the judge sits on.")
    affiliations: list[str] = Field(default_factory=list, max_length=20,
                                    description="Organisations (normalised names) the judge may not score.")


class JudgeRecused(EventData):
    judge_id: Code
    nomination_id: str
    reason: str = Field(min_length=1, max_length=2000)


class JuryScoreSubmitted(EventData):
    nomination_id: str
    judge_id: Code
    scores: dict[Code, Finite] = Field(description="Criterion code → 0–10, every criterion of the category.")
    comment: str | None = Field(None, max_length=4000)
    version: int = Field(ge=1, description="A re-score carries a higher version and replaces the last.")


class JudgingRejected(EventData):
    nomination_id: str
    judge_id: str
    score_event_id: str
    code: str
    en: str
    ar: str


class EngagementMetricsReported(EventData):
    nomination_id: str
    source: str = Field(max_length=200, description="The monitoring system that measured.")
    measured_from: datetime
    measured_to: datetime = Field(description="The latest snapshot per nomination wins by this time.")
    followers: int = Field(ge=0)
    posts: int = Field(ge=0)
    engagement_rate: Finite = Field(ge=0, description="Interactions per follower per post.")
    reply_rate: Finite = Field(ge=0, le=1, description="Share of citizens' questions answered.")
    median_reply_minutes: Finite = Field(ge=0)
    follower_growth: Finite = Field(description="Relative growth over the period.")


class VoteCast(EventData):
    nomination_id: str
    edition_id: str
    category: Code
    voter: str = Field(pattern=r"^[0-9a-f]{64}$", description="HMAC-SHA256 of the verified contact, hex.")


class VoterCodeRequested(EventData):
    """A voter asked to vote with this email address: the code proves the address is the voter's."""

    email: str = Field(max_length=320, description="The address the code goes to; only this topic holds it.")
    code: str = Field(pattern=r"^[0-9]{6}$")
    language: Literal["ar", "en"]
    edition_id: str
    category: str
    expires_at: datetime = Field(description="After this the code is refused; a code event read later is not sent.")


def voter_scope(edition_id: str, category: str, voter: str) -> str:
    """Where one voter has one vote: the key of ``votes`` records (so a scope's votes keep their order)
    and the id of the voters' ledger entry."""
    return f"{edition_id}|{category}|{voter}"


class StandingComponents(EventData):
    jury: float | None = Field(None, ge=0, le=100, description="None: no jury score yet.")
    metrics: float | None = Field(None, ge=0, le=100, description="None: no metrics snapshot yet.")
    public: float | None = Field(None, ge=0, le=100, description="None: no votes in the category yet.")


class StandingUpdated(EventData):
    nomination_id: str
    edition_id: str
    category: str
    country: str
    version: int = Field(ge=1, description="Grows with every change; readers keep the highest.")
    standing: float = Field(ge=0, le=100, description="Weighted sum of the components present.")
    components: StandingComponents
    missing: list[Literal["jury", "metrics", "public"]] = Field(
        default_factory=list, description="Components without evidence yet; they add nothing.")
    weights: dict[str, int] = Field(default_factory=dict, description="Component weights applied.")
    criteria: dict[str, float] = Field(default_factory=dict, description="Mean score per criterion, 0–10.")
    indicators: dict[str, float] = Field(
        default_factory=dict, description="Percentile rank of each engagement indicator in the category, 0–1.")
    judges: int = Field(0, ge=0, description="Jury scores counted.")
    votes: int = Field(0, ge=0, description="Public votes for this nomination.")
    category_votes: int = Field(0, ge=0, description="Public votes in the whole category.")
    accepted_at: datetime | None = Field(None, description="For the last tie-break: earlier acceptance.")


class JudgeRegisteredEvent(CloudEvent[JudgeRegistered]):
    type: Literal[event_type("judge.registered")]  # type: ignore[valid-type]  # built by event_type()


class JudgeRecusedEvent(CloudEvent[JudgeRecused]):
    type: Literal[event_type("judge.recused")]  # type: ignore[valid-type]  # built by event_type()


class JuryScoreSubmittedEvent(CloudEvent[JuryScoreSubmitted]):
    type: Literal[event_type("judging.score.submitted")]  # type: ignore[valid-type]  # built by event_type()


class JudgingRejectedEvent(CloudEvent[JudgingRejected]):
    type: Literal[event_type("judging.score.rejected")]  # type: ignore[valid-type]  # built by event_type()


class EngagementMetricsReportedEvent(CloudEvent[EngagementMetricsReported]):
    type: Literal[event_type("engagement.metrics.reported")]  # type: ignore[valid-type]  # built by event_type()


class VoterCodeRequestedEvent(CloudEvent[VoterCodeRequested]):
    type: Literal[event_type("voter.code.requested")]  # type: ignore[valid-type]  # built by event_type()


class VoteCastEvent(CloudEvent[VoteCast]):
    type: Literal[event_type("vote.cast")]  # type: ignore[valid-type]  # built by event_type()


class StandingUpdatedEvent(CloudEvent[StandingUpdated]):
    type: Literal[event_type("standing.updated")]  # type: ignore[valid-type]  # built by event_type()
