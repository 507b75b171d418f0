"""Which events travel on which topic: the one place that ties the contract to the topic registry.

``TopicEvent[topic]`` is the union a consumer of that topic validates against (discriminated on the
CloudEvents ``type``); the JSON Schema export and the docs walk ``CATALOGUE``.
"""

from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from shared import topics
from shared.topics import Topic

from .envelope import CloudEvent
from .lifecycle import EditionPublishedEvent, NotificationSentEvent, WinnersAnnouncedEvent
from .milestones import CategoryFullyScoredEvent, JuryAuditFlaggedEvent, PodiumChangedEvent
from .nomination import NominationAcceptedEvent, NominationRejectedEvent, NominationSubmittedEvent
from .scoring import (
    EngagementMetricsReportedEvent,
    JudgeRecusedEvent,
    JudgeRegisteredEvent,
    JudgingRejectedEvent,
    JuryScoreSubmittedEvent,
    StandingUpdatedEvent,
    VoteCastEvent,
    VoterCodeRequestedEvent,
)

CATALOGUE: dict[Topic, tuple[type[CloudEvent[Any]], ...]] = {
    topics.NOMINATIONS_SUBMITTED: (NominationSubmittedEvent,),
    topics.NOMINATIONS_SCREENED: (NominationAcceptedEvent, NominationRejectedEvent),
    topics.JUDGING_PANEL: (JudgeRegisteredEvent, JudgeRecusedEvent),
    topics.JUDGING_SCORES: (JuryScoreSubmittedEvent,),
    topics.JUDGING_REJECTED: (JudgingRejectedEvent,),
    topics.ENGAGEMENT_METRICS: (EngagementMetricsReportedEvent,),
    topics.VOTES: (VoteCastEvent,),
    topics.SCORES_UPDATED: (StandingUpdatedEvent,),
    topics.JURY_AUDIT: (JuryAuditFlaggedEvent,),
    topics.CATEGORY_MILESTONES: (PodiumChangedEvent, CategoryFullyScoredEvent),
    topics.NOTIFICATIONS_SENT: (NotificationSentEvent,),
    topics.EDITIONS: (EditionPublishedEvent, WinnersAnnouncedEvent),
    topics.VOTER_CODES: (VoterCodeRequestedEvent,),
}


def union_of(topic: Topic) -> Any:
    """The pydantic type of one message on ``topic``."""
    models = CATALOGUE[topic]
    if len(models) == 1:
        return models[0]
    return Annotated[Union[models], Field(discriminator="type")]  # noqa: UP007 - a Union over a tuple made at run time has no | spelling


ScreenedEvent = union_of(topics.NOMINATIONS_SCREENED)
PanelEvent = union_of(topics.JUDGING_PANEL)
EditionEvent = union_of(topics.EDITIONS)
MilestoneEvent = union_of(topics.CATEGORY_MILESTONES)


def adapter(topic: Topic) -> TypeAdapter[Any]:
    return TypeAdapter(union_of(topic))


def all_events() -> list[type[CloudEvent[Any]]]:
    return [model for models in CATALOGUE.values() for model in models]
