"""The nomination service process: screens ``nominations.submitted`` into ``nominations.screened``."""

from fastapi import FastAPI, HTTPException

from shared import mongo, topics
from shared.edition import load_edition
from shared.events.nomination import NominationSubmittedEvent
from shared.kafka import EventBus, make_broker, subscription
from shared.runtime import Service
from shared.settings import Settings

from ..adapters.registry import MongoNominationRegistry
from ..service_layer.screening import outcome_event, screen_submission

NAME = "nomination"


def build(settings: Settings) -> Service:
    edition = load_edition(settings.edition_file)
    client = mongo.connect(settings, NAME)
    registry = MongoNominationRegistry(mongo.database(client, settings, NAME))
    broker = make_broker(settings, NAME)
    bus = EventBus(broker, settings, produces=(topics.NOMINATIONS_SCREENED,))

    @broker.subscriber(settings.topic(topics.NOMINATIONS_SUBMITTED.name),
                       **subscription(settings, NAME, topics.NOMINATIONS_SUBMITTED))
    async def on_submitted(event: NominationSubmittedEvent) -> None:
        outcome = await screen_submission(event, edition, registry)
        await bus.publish(topics.NOMINATIONS_SCREENED, outcome, key=outcome.data.nomination_id)

    api = FastAPI(title="Social Government Awards — nomination", version="1.0.0")

    @api.get("/nominations/{nomination_id}")
    async def screening_status(nomination_id: str) -> dict:
        nomination = await registry.get(nomination_id)
        if nomination is None:
            raise HTTPException(404, detail=f"no nomination {nomination_id}")
        return outcome_event(nomination).data.model_dump(mode="json") | {"status": nomination.status}

    return Service(NAME, broker, client, api, on_start=[registry.prepare])
