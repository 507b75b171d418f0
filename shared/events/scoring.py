"""Payloads of the scoring evidence and of standings (v1)."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from .envelope import CloudEvent, EventData, event_type

Score = float


class JuryScoreSubmitted(EventData):
    nomination_id: str
    judge_id: str = Field(min_length=1, max_length=100)
    scores: dict[str, Score] = Field(description="Criterion code → 0–10.")
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
    measured_to: datetime
    followers: int = Field(ge=0)
    posts: int = Field(ge=0)
    engagement_rate: float = Field(ge=0, description="Interactions per follower per post.")
    reply_rate: float = Field(ge=0, le=1, description="Share of citizens' questions answered.")
    median_reply_minutes: float = Field(ge=0)
    follower_growth: float = Field(description="Relative growth over the period.")


class VoteCast(EventData):
    nomination_id: str
    edition_id: str
    category: str
    voter: str = Field(min_length=64, max_length=64, description="HMAC-SHA256 of the verified contact, hex.")


class StandingComponents(EventData):
    jury: float = Field(ge=0, le=100)
    metrics: float = Field(ge=0, le=100)
    public: float = Field(ge=0, le=100)


class StandingUpdated(EventData):
    nomination_id: str
    edition_id: str
    category: str
    country: str
    version: int = Field(ge=1, description="Grows with every change; readers keep the highest.")
    standing: float = Field(ge=0, le=100)
    components: StandingComponents
    judges: int = Field(0, ge=0, description="Jury scores counted.")
    votes: int = Field(0, ge=0, description="Public votes counted.")


class JuryScoreSubmittedEvent(CloudEvent[JuryScoreSubmitted]):
    type: Literal[event_type("judging.score.submitted")]  # type: ignore[valid-type]


class JudgingRejectedEvent(CloudEvent[JudgingRejected]):
    type: Literal[event_type("judging.score.rejected")]  # type: ignore[valid-type]


class EngagementMetricsReportedEvent(CloudEvent[EngagementMetricsReported]):
    type: Literal[event_type("engagement.metrics.reported")]  # type: ignore[valid-type]


class VoteCastEvent(CloudEvent[VoteCast]):
    type: Literal[event_type("vote.cast")]  # type: ignore[valid-type]


class StandingUpdatedEvent(CloudEvent[StandingUpdated]):
    type: Literal[event_type("standing.updated")]  # type: ignore[valid-type]
