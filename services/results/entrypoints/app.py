"""The results service process: materialises screenings and standings, and serves them."""

from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query

from shared import mongo, topics
from shared.editions import EditionBook
from shared.events.catalogue import EditionEvent, ScreenedEvent
from shared.events.nomination import NominationAcceptedEvent
from shared.events.scoring import StandingUpdatedEvent
from shared.kafka import EventBus, make_broker, subscription
from shared.runtime import Service
from shared.settings import Settings

from ..adapters.boards import MongoBoards
from ..adapters.milestones import MongoMilestones
from ..adapters.nominations_view import MongoNominationsView
from ..service_layer.boards import BoardsPublisher
from ..service_layer.milestones import CategoryMilestones
from .api import results_router
from .live import live_router
from ..domain.views import screening_fields, search_filter, standing_fields

NAME = "results"


def build(settings: Settings) -> Service:
    client = mongo.connect(settings, NAME)
    db = mongo.database(client, settings, NAME)
    view, boards = MongoNominationsView(db), MongoBoards(db)
    editions = EditionBook()
    broker = make_broker(settings, NAME)
    bus = EventBus(broker, settings, produces=(topics.EDITIONS, topics.CATEGORY_MILESTONES))
    publisher = BoardsPublisher(view, boards, bus, settings.boards_interval_s,
                                CategoryMilestones(MongoMilestones(db), bus), editions.get)

    @broker.subscriber(settings.topic(topics.EDITIONS.name), **subscription(settings, NAME, topics.EDITIONS))
    async def on_edition(event: EditionEvent) -> None:
        editions.apply(event)

    @broker.subscriber(settings.topic(topics.NOMINATIONS_SCREENED.name),
                       **subscription(settings, NAME, topics.NOMINATIONS_SCREENED))
    async def on_screened(event: ScreenedEvent) -> None:
        status = "accepted" if isinstance(event, NominationAcceptedEvent) else "rejected"
        fields = screening_fields(event.data, status) | {"screened_at": event.time}
        await view.apply_screening(event.data.nomination_id, fields)
        publisher.mark(event.data.edition_id)

    @broker.subscriber(settings.topic(topics.SCORES_UPDATED.name),
                       **subscription(settings, NAME, topics.SCORES_UPDATED))
    async def on_standing(event: StandingUpdatedEvent) -> None:
        if await boards.state(event.data.edition_id) is not None:
            # Finalised: the results are frozen; a late standing is kept for the record, not applied.
            await boards.record_late(event.id, event.data.edition_id, event.data.nomination_id, "standing")
            return
        await view.apply_standing(event.data.nomination_id, event.data.version,
                                  standing_fields(event.data))
        publisher.mark(event.data.edition_id)

    api = FastAPI(title="Social Government Awards — results", version="1.0.0")

    @api.get("/nominations/{nomination_id}")
    async def one_nomination(nomination_id: str) -> dict[str, Any]:
        doc = await view.get(nomination_id)
        if doc is None:
            raise HTTPException(404, detail=f"no nomination {nomination_id}")
        return doc

    @api.get("/nominations")
    async def nominations(
        status: Annotated[str | None, Query(pattern="^(accepted|rejected)$")] = None,
        country: Annotated[str | None, Query(pattern="^[A-Z]{2}$")] = None,
        category: Annotated[str | None, Query(max_length=60)] = None,
        sector: Annotated[str | None, Query(max_length=60)] = None,
        q: Annotated[str | None, Query(min_length=1, max_length=100, description="Arabic or English name, "
                                       "any spelling of hamza, diacritics or case")] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> list[dict[str, Any]]:
        filters: dict[str, Any] = {k: v for k, v in {"status": status, "country": country, "category": category,
                                                     "sector": sector}.items() if v is not None}
        if q is not None:
            filters |= search_filter(q)
        return await view.list(filters, limit, offset)

    api.include_router(results_router(boards, publisher, settings.operator_api_keys, editions.get))
    api.include_router(live_router(publisher.broadcast))

    async def load_editions() -> None:
        await editions.load(settings)

    return Service(NAME, broker, client, api, on_start=[view.prepare, boards.prepare, load_editions],
                   on_started=[publisher.start], on_stop=[publisher.stop])
