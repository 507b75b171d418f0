"""The scoring service process: evidence in (screenings, panel, jury scores, metrics, votes),
versioned standings out."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Protocol

from fastapi import Depends, FastAPI
from faststream.kafka import KafkaMessage

from shared import mongo, topics
from shared.api_keys import KeyHolder, holder_of, staff_or_operator
from shared.editions import EditionBook
from shared.events.catalogue import EditionEvent, PanelEvent, ScreenedEvent
from shared.events.scoring import (
    EngagementMetricsReportedEvent,
    JuryScoreSubmittedEvent,
    VoteCastEvent,
)
from shared.kafka import EventBus, batch_subscription, make_broker, subscription
from shared.ownership import SoleConsumer
from shared.pages_style import stylesheet_router
from shared.runtime import Service

from ..adapters.evidence import MongoEvidence
from ..service_layer.evidence import Outcome, apply_metrics, apply_votes
from ..service_layer.jury_audit import audit_reports
from ..service_layer.jury_scores import apply_scores
from ..service_layer.panel import apply_panel
from ..service_layer.progress import assignments_of, judging_progress
from ..service_layer.screenings import apply_screenings
from ..service_layer.standings_rounds import StandingsPublisher
from ..settings import ScoringSettings
from .ballot.pages import voting_pages
from .http import scoring_router
from .portal.pages import judge_portal

NAME = "scoring"


class Subscribes(Protocol):
    """A FastStream subscriber used as the decorator of its handler."""

    def __call__(self, handler: Callable[..., Awaitable[None]]) -> object: ...


def build(settings: ScoringSettings) -> Service:
    client = mongo.connect(settings, NAME)
    ownership = SoleConsumer()
    store = MongoEvidence(mongo.database(client, settings, NAME), ownership, settings.parked_scores_max)
    editions = EditionBook()
    broker = make_broker(settings, NAME)
    bus = EventBus(broker, settings, produces=(topics.SCORES_UPDATED, topics.JUDGING_REJECTED,
                                               topics.JUDGING_SCORES, topics.JUDGING_PANEL, topics.VOTES,
                                               topics.JURY_AUDIT, topics.VOTER_CODES))
    standings = StandingsPublisher(store, bus, editions.get, settings.standings_interval_s,
                                   settings.standings_published_per_s)

    async def settle(outcome: Outcome) -> None:
        # Kept before they are published: the judge's sheet shows a refusal once its event exists.
        await store.refusals.record([(event.data, event.time) for event in outcome.publish])
        await bus.publish_all(topics.JUDGING_REJECTED, [(event, event.data.nomination_id) for event in outcome.publish])
        await standings.changed(outcome.dirty)

    def on(topic: topics.Topic) -> dict[str, Any]:
        return subscription(settings, NAME, topic)

    def watched(topic: topics.Topic, batch: bool = False) -> Subscribes:
        """A subscriber whose events write nominations' evidence (see ``shared.ownership``), of single
        events or of batches (see ``shared.kafka.batch_subscription``)."""
        return ownership.subscriber(broker, settings.topic(topic.name),
                                    **(batch_subscription(settings, NAME, topic) if batch else on(topic)))

    @broker.subscriber(settings.topic(topics.EDITIONS.name), **on(topics.EDITIONS))
    async def on_edition(event: EditionEvent) -> None:
        editions.apply(event)

    @watched(topics.NOMINATIONS_SCREENED, batch=True)
    async def on_screened(events: list[ScreenedEvent]) -> None:
        await settle(await apply_screenings(events, store, standings, editions.get, editions.finalised_at))

    @watched(topics.JUDGING_PANEL)
    async def on_panel(event: PanelEvent) -> None:
        await settle(await apply_panel(event, store, editions.get, editions.finalised_at))

    @watched(topics.JUDGING_SCORES, batch=True)
    async def on_scores(events: list[JuryScoreSubmittedEvent]) -> None:
        await settle(await apply_scores(events, store, editions.get, editions.finalised_at))

    @watched(topics.ENGAGEMENT_METRICS)
    async def on_metrics(event: EngagementMetricsReportedEvent) -> None:
        await settle(await apply_metrics(event, store))

    @watched(topics.VOTES, batch=True)
    async def on_votes(events: list[VoteCastEvent], message: KafkaMessage) -> None:
        # A vote counts at most once per position in its partition: the decoded batch is in record order.
        records = zip(events, message.raw_message, strict=True)
        positioned = [(event, record.partition, record.offset) for event, record in records]
        await settle(await apply_votes(positioned, store, editions.get, editions.finalised_at))

    api = FastAPI(title="Social Government Awards — scoring", version="1.0.0")
    api.include_router(scoring_router(bus, store, settings, editions.get, editions.finalised_at))
    api.include_router(judge_portal(store, bus, settings, editions.get, editions.finalised_at))
    api.include_router(voting_pages(store, bus, settings, editions.get, editions.finalised_at))
    api.include_router(stylesheet_router())

    staff = staff_or_operator(settings.staff_api_keys, settings.operator_api_keys, "the jury's progress and audit")
    judge = holder_of(settings.judge_api_keys, "X-Judge-Key", "judging")

    @api.get("/progress", tags=["jury"])
    async def progress(_: Annotated[KeyHolder, Depends(staff)]) -> dict[str, Any]:
        return await judging_progress(store, editions.get)

    @api.get("/audit", tags=["jury"])
    async def jury_audit(_: Annotated[KeyHolder, Depends(staff)]) -> list[dict[str, Any]]:
        """Per category: inter-rater agreement, judges far from their panel, disputed nominations."""
        return await audit_reports(store, editions.get)

    @api.get("/judges/me/assignments", tags=["jury"])
    async def my_assignments(judge_id: Annotated[str, Depends(judge)]) -> list[dict[str, Any]]:
        return await assignments_of(judge_id, store, editions.get)

    async def refuse_default_vote_secret() -> None:
        settings.refuse_default_vote_secret()

    async def load_editions() -> None:
        await editions.load(settings)
        editions.follow(settings)  # every instance learns later editions and finalisations, not only the group's reader

    return Service(NAME, broker, client, api, on_start=[refuse_default_vote_secret, store.prepare, load_editions],
                   on_started=[standings.start], on_stop=[standings.stop, editions.stop])
