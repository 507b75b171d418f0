"""The notification service process: tells the awards office about every screening outcome."""

from fastapi import FastAPI

from shared import mongo, topics
from shared.events.catalogue import ScreenedEvent
from shared.kafka import EventBus, make_broker, subscription
from shared.ledger import EventLedger
from shared.runtime import Service
from shared.settings import Settings

from ..adapters.smtp import SmtpMailer
from ..domain.messages import screening_message
from ..service_layer.delivery import deliver

NAME = "notification"


def build(settings: Settings) -> Service:
    client = mongo.connect(settings, NAME)
    ledger = EventLedger(mongo.database(client, settings, NAME)["deliveries"])
    mailer = SmtpMailer(settings)
    broker = make_broker(settings, NAME)
    bus = EventBus(broker, settings, produces=(topics.NOTIFICATIONS_SENT,))

    @broker.subscriber(settings.topic(topics.NOMINATIONS_SCREENED.name),
                       **subscription(settings, NAME, topics.NOMINATIONS_SCREENED))
    async def on_screened(event: ScreenedEvent) -> None:
        message = screening_message(event.data, settings.public_base_url)
        for recipient in settings.staff_emails:
            audit = await deliver(event, message, recipient, ledger, mailer, event.data.nomination_id)
            await bus.publish(topics.NOTIFICATIONS_SENT, audit, key=event.data.nomination_id)

    api = FastAPI(title="Social Government Awards — notification", version="1.0.0")
    return Service(NAME, broker, client, api)
