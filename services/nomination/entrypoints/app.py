"""The nomination service process: screens ``nominations.submitted`` into ``nominations.screened``
and runs the HTTP intake."""

from fastapi import FastAPI

from shared import mongo, topics
from shared.editions import EditionBook
from shared.events.catalogue import EditionEvent
from shared.events.nomination import NominationSubmittedEvent
from shared.kafka import EventBus, batch_subscription, make_broker, subscription
from shared.runtime import Service

from ..adapters.registry import MongoNominationRegistry, MongoNomineeIndex
from ..service_layer.screening import screen_submissions
from ..settings import NominationSettings
from .intake import intake_router

NAME = "nomination"


def build(settings: NominationSettings) -> Service:
    client = mongo.connect(settings, NAME)
    db = mongo.database(client, settings, NAME)
    registry, index = MongoNominationRegistry(db), MongoNomineeIndex(db)
    editions = EditionBook()
    broker = make_broker(settings, NAME)
    bus = EventBus(broker, settings, produces=(topics.NOMINATIONS_SCREENED, topics.NOMINATIONS_SUBMITTED))

    @broker.subscriber(settings.topic(topics.EDITIONS.name),
                       **subscription(settings, NAME, topics.EDITIONS))
    async def on_edition(event: EditionEvent) -> None:
        editions.apply(event)

    @broker.subscriber(settings.topic(topics.NOMINATIONS_SUBMITTED.name),
                       **batch_subscription(settings, NAME, topics.NOMINATIONS_SUBMITTED))
    async def on_submitted(events: list[NominationSubmittedEvent]) -> None:
        outcomes = await screen_submissions(events, editions.get, registry, index)
        await bus.publish_all(topics.NOMINATIONS_SCREENED, [(outcome, outcome.data.nomination_id)
                                                            for outcome in outcomes])

    api = FastAPI(title="Social Government Awards — nomination", version="1.0.0")
    api.include_router(intake_router(bus, registry, settings.intake_api_keys,
                                     settings.publish_timeout_s))

    async def load_editions() -> None:
        await editions.load(settings)
        editions.follow(settings)  # every instance learns later editions, not only the group's reader

    return Service(NAME, broker, client, api, on_start=[registry.prepare, load_editions], on_stop=[editions.stop])
