"""One generation of the read models: its database, the consumers that write it, and the loop that
rebuilds its boards. The live service runs one; a rebuild runs a second from the start of every topic
and, once it has caught up, makes it the live one."""

from dataclasses import dataclass
from datetime import datetime

from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient

from shared import topics
from shared.editions import EditionBook
from shared.events.catalogue import EditionEvent, ScreenedEvent
from shared.events.scoring import StandingUpdatedEvent
from shared.kafka import EventBus, batch_subscription, make_broker, subscription
from shared.ownership import SoleConsumer
from shared.settings import Settings

from ..adapters.boards import MongoBoards
from ..adapters.generations import SERVICE, database_of, settings_of
from ..adapters.milestones import MongoMilestones
from ..adapters.nominations_view import MongoNominationsView
from ..domain.views import newest_standings, screenings
from ..service_layer.boards import BoardsPublisher
from ..service_layer.broadcast import Broadcast
from ..service_layer.milestones import CategoryMilestones

CONSUMED = (topics.EDITIONS, topics.NOMINATIONS_SCREENED, topics.SCORES_UPDATED)


@dataclass
class Generation:
    number: int
    settings: Settings
    broker: KafkaBroker
    view: MongoNominationsView
    boards: MongoBoards
    publisher: BoardsPublisher
    editions: EditionBook

    async def prepare(self) -> None:
        await self.view.prepare()
        await self.boards.prepare()
        await self.editions.load(self.settings)

    async def stop_consuming(self) -> None:
        for subscriber in self.broker.subscribers:
            await subscriber.stop()
        await self.publisher.stop()


def generation(settings: Settings, client: AsyncMongoClient, number: int, broadcast: Broadcast) -> Generation:
    own = settings_of(settings, number)
    db = client[database_of(settings, number)]
    ownership = SoleConsumer()  # of the topics that write the view
    view, boards, editions = MongoNominationsView(db, ownership), MongoBoards(db), EditionBook()
    broker = make_broker(own, SERVICE)
    bus = EventBus(broker, own, produces=(topics.EDITIONS, topics.CATEGORY_MILESTONES))
    publisher = BoardsPublisher(view, boards, bus, own.boards_interval_s,
                                CategoryMilestones(MongoMilestones(db), bus, number), editions.get, broadcast)

    @broker.subscriber(own.topic(topics.EDITIONS.name), **subscription(own, SERVICE, topics.EDITIONS))
    async def on_edition(event: EditionEvent) -> None:
        editions.apply(event)

    @ownership.subscriber(broker, own.topic(topics.NOMINATIONS_SCREENED.name),
                          **batch_subscription(own, SERVICE, topics.NOMINATIONS_SCREENED))
    async def on_screened(events: list[ScreenedEvent]) -> None:
        await view.apply_screenings(screenings(events))
        for event in events:
            publisher.mark(event.data.edition_id)

    @ownership.subscriber(broker, own.topic(topics.SCORES_UPDATED.name),
                          **batch_subscription(own, SERVICE, topics.SCORES_UPDATED))
    async def on_standings(events: list[StandingUpdatedEvent]) -> None:
        finalised = {edition_id: await finalised_at(edition_id) for edition_id in {e.data.edition_id for e in events}}
        applied = []
        for event in events:
            at = finalised[event.data.edition_id]
            if at is not None and event.time > at:
                # Published after the finalisation: kept for the record, not applied. Judged by the event's
                # own time, so a rebuild by replay freezes the very same results.
                await boards.record_late(event.id, event.data.edition_id, event.data.nomination_id, "standing")
            else:
                applied.append(event)
        await view.apply_standings(newest_standings(applied))
        for event in applied:
            publisher.mark(event.data.edition_id)

    async def finalised_at(edition_id: str) -> datetime | None:
        state = await boards.state(edition_id)  # this service's own record is first to know
        return state["finalised_at"] if state else editions.finalised_at(edition_id)

    return Generation(number, own, broker, view, boards, publisher, editions)
