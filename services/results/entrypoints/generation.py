"""One generation of the read models: its database, the consumers that write it, and the rounds that
rebuild its boards. The live service runs one; a rebuild runs a second from the start of every topic
and, once it has caught up, makes it the live one. Kafka's events go to the service layer unchanged."""

from dataclasses import dataclass

from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient

from shared import topics
from shared.editions import EditionBook
from shared.events.catalogue import EditionEvent, ScreenedEvent
from shared.events.scoring import StandingUpdatedEvent
from shared.kafka import EventBus, batch_subscription, make_broker, subscription
from shared.ownership import SoleConsumer

from ..adapters.boards import MongoBoards
from ..adapters.generations import SERVICE, database_of, settings_of
from ..adapters.milestones import MongoMilestones
from ..adapters.nominations_view import MongoNominationsView
from ..service_layer.boards import BoardsPublisher
from ..service_layer.broadcast import Broadcast
from ..service_layer.materialising import Materialiser
from ..service_layer.milestones import CategoryMilestones
from ..settings import ResultsSettings

CONSUMED = (topics.EDITIONS, topics.NOMINATIONS_SCREENED, topics.SCORES_UPDATED)


@dataclass
class Generation:
    number: int
    settings: ResultsSettings
    broker: KafkaBroker
    view: MongoNominationsView
    boards: MongoBoards
    publisher: BoardsPublisher
    editions: EditionBook

    @property
    def consumer_group(self) -> str:
        return self.settings.consumer_group(SERVICE)

    async def prepare(self) -> None:
        await self.view.prepare()
        await self.boards.prepare()
        await self.editions.load(self.settings)
        self.editions.follow(self.settings)  # every instance learns later editions, not only the group's reader

    async def start(self) -> None:
        await self.prepare()
        await self.broker.start()
        await self.publisher.start()

    async def stop(self) -> None:
        for subscriber in self.broker.subscribers:
            await subscriber.stop()
        await self.publisher.stop()
        await self.editions.stop()
        await self.broker.stop()


def generation(settings: ResultsSettings, client: AsyncMongoClient, number: int, broadcast: Broadcast) -> Generation:
    own = settings_of(settings, number)
    db = client[database_of(settings, number)]
    ownership = SoleConsumer()  # of the topics that write the view
    view, boards, editions = MongoNominationsView(db, ownership), MongoBoards(db), EditionBook()
    broker = make_broker(own, SERVICE)
    bus = EventBus(broker, own, produces=(topics.EDITIONS, topics.CATEGORY_MILESTONES))
    publisher = BoardsPublisher(view, boards, bus, own.boards_interval_s,
                                CategoryMilestones(MongoMilestones(db), bus, number), editions, broadcast)
    materialiser = Materialiser(view, boards, editions, publisher.mark)

    @broker.subscriber(own.topic(topics.EDITIONS.name), **subscription(own, SERVICE, topics.EDITIONS))
    async def on_edition(event: EditionEvent) -> None:
        editions.apply(event)

    @ownership.subscriber(broker, own.topic(topics.NOMINATIONS_SCREENED.name),
                          **batch_subscription(own, SERVICE, topics.NOMINATIONS_SCREENED))
    async def on_screened(events: list[ScreenedEvent]) -> None:
        await materialiser.screened(events)

    @ownership.subscriber(broker, own.topic(topics.SCORES_UPDATED.name),
                          **batch_subscription(own, SERVICE, topics.SCORES_UPDATED))
    async def on_standings(events: list[StandingUpdatedEvent]) -> None:
        await materialiser.standings(events)

    return Generation(number, own, broker, view, boards, publisher, editions)
