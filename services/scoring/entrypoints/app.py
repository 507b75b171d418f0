"""The scoring service process: admits accepted nominations and publishes their standings."""

from fastapi import FastAPI

from shared import mongo, topics
from shared.editions import EditionBook
from shared.events.catalogue import EditionEvent, ScreenedEvent
from shared.events.lifecycle import EditionPublishedEvent
from shared.events.nomination import NominationAcceptedEvent
from shared.failures import TransientFailure
from shared.kafka import EventBus, make_broker, subscription
from shared.runtime import Service
from shared.settings import Settings

from ..adapters.eligible import MongoEligibleNominations
from ..service_layer.eligible import admit

NAME = "scoring"


def build(settings: Settings) -> Service:
    client = mongo.connect(settings, NAME)
    eligible = MongoEligibleNominations(mongo.database(client, settings, NAME))
    editions = EditionBook()
    broker = make_broker(settings, NAME)
    bus = EventBus(broker, settings, produces=(topics.SCORES_UPDATED,))

    @broker.subscriber(settings.topic(topics.EDITIONS.name),
                       **subscription(settings, NAME, topics.EDITIONS))
    async def on_edition(event: EditionEvent) -> None:
        if isinstance(event, EditionPublishedEvent):
            editions.apply(event)

    @broker.subscriber(settings.topic(topics.NOMINATIONS_SCREENED.name),
                       **subscription(settings, NAME, topics.NOMINATIONS_SCREENED))
    async def on_screened(event: ScreenedEvent) -> None:
        if not isinstance(event, NominationAcceptedEvent):
            return
        edition = editions.get(event.data.edition_id)
        if edition is None:
            # Accepted means the edition was published; its event is on another topic and may
            # simply not have been read yet. Wait for it rather than guess.
            raise TransientFailure(f"edition {event.data.edition_id} not known yet")
        standing = await admit(event, edition.component_weights, eligible)
        await bus.publish(topics.SCORES_UPDATED, standing, key=event.data.nomination_id)

    api = FastAPI(title="Social Government Awards — scoring", version="1.0.0")

    async def load_editions() -> None:
        await editions.load(settings)

    return Service(NAME, broker, client, api, on_start=[eligible.prepare, load_editions])
