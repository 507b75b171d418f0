"""The scoring service process: admits accepted nominations and publishes their standings."""

from fastapi import FastAPI

from shared import mongo, topics
from shared.edition import load_edition
from shared.events.catalogue import ScreenedEvent
from shared.events.nomination import NominationAcceptedEvent
from shared.kafka import EventBus, make_broker, subscription
from shared.runtime import Service
from shared.settings import Settings

from ..adapters.eligible import MongoEligibleNominations
from ..service_layer.eligible import admit

NAME = "scoring"


def build(settings: Settings) -> Service:
    edition = load_edition(settings.edition_file)
    client = mongo.connect(settings, NAME)
    eligible = MongoEligibleNominations(mongo.database(client, settings, NAME))
    broker = make_broker(settings, NAME)
    bus = EventBus(broker, settings, produces=(topics.SCORES_UPDATED,))

    @broker.subscriber(settings.topic(topics.NOMINATIONS_SCREENED.name),
                       **subscription(settings, NAME, topics.NOMINATIONS_SCREENED))
    async def on_screened(event: ScreenedEvent) -> None:
        if not isinstance(event, NominationAcceptedEvent):
            return
        standing = await admit(event, edition.component_weights, eligible)
        await bus.publish(topics.SCORES_UPDATED, standing, key=event.data.nomination_id)

    api = FastAPI(title="Social Government Awards — scoring", version="1.0.0")
    return Service(NAME, broker, client, api, on_start=[eligible.prepare])
