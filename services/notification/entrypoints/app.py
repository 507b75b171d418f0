"""The notification service process: tells staff what the pipeline decided, by email and webhook, in
their language, once per delivery."""

import asyncio
from typing import Annotated, Any

from fastapi import FastAPI, Header, HTTPException

from shared import mongo, topics
from shared.api_keys import key_holder
from shared.events.catalogue import EditionEvent, ScreenedEvent
from shared.events.scoring import JudgingRejectedEvent
from shared.kafka import EventBus, make_broker, subscription
from shared.runtime import Service
from shared.settings import Settings

from ..adapters.deliveries import MongoDeliveries, MongoSubscriptions
from ..adapters.smtp import SmtpMailer
from ..adapters.webhook import WebhookSender
from ..domain.notices import notice_of
from ..domain.subscriptions import Subscription
from ..service_layer.delivery import Deliverer, planned, run_retrier

NAME = "notification"
RETRY_INTERVAL_S = 1.0


def office(settings: Settings) -> list[Subscription]:
    return [Subscription(id=f"office-{i}", name="Awards office", email=email, language="ar")
            for i, email in enumerate(settings.staff_emails, 1)]


def build(settings: Settings) -> Service:
    client = mongo.connect(settings, NAME)
    db = mongo.database(client, settings, NAME)
    deliveries, subscriptions = MongoDeliveries(db), MongoSubscriptions(db, office(settings))
    broker = make_broker(settings, NAME)
    bus = EventBus(broker, settings, produces=(topics.NOTIFICATIONS_SENT,))

    async def publish(event: Any) -> None:
        await bus.publish(topics.NOTIFICATIONS_SENT, event, key=event.data.nomination_id or event.data.event_id)

    deliverer = Deliverer(deliveries, {"email": SmtpMailer(settings),
                                       "webhook": WebhookSender(settings.webhook_secret.get_secret_value())},
                          publish, settings.delivery_max_attempts, settings.delivery_retry_base_s)
    retrier: list[asyncio.Task[None]] = []

    async def tell(event: Any) -> None:
        notice = notice_of(event)
        if notice is None:
            return
        for entry in planned(notice, await subscriptions.all(), settings.public_base_url):
            await deliverer.deliver(entry)

    @broker.subscriber(settings.topic(topics.NOMINATIONS_SCREENED.name),
                       **subscription(settings, NAME, topics.NOMINATIONS_SCREENED))
    async def on_screened(event: ScreenedEvent) -> None:
        await tell(event)

    @broker.subscriber(settings.topic(topics.JUDGING_REJECTED.name),
                       **subscription(settings, NAME, topics.JUDGING_REJECTED))
    async def on_refused_score(event: JudgingRejectedEvent) -> None:
        await tell(event)

    @broker.subscriber(settings.topic(topics.EDITIONS.name), **subscription(settings, NAME, topics.EDITIONS))
    async def on_edition(event: EditionEvent) -> None:
        await tell(event)

    api = FastAPI(title="Social Government Awards — notification", version="1.0.0")

    def operator(key: str | None) -> None:
        key_holder(key, settings.operator_api_keys, "X-Operator-Key", "managing subscriptions")

    @api.put("/subscriptions/{subscription_id}", tags=["subscriptions"])
    async def save(subscription_id: str, body: Subscription,
                   x_operator_key: Annotated[str | None, Header()] = None) -> Subscription:
        operator(x_operator_key)
        if body.id != subscription_id:
            raise HTTPException(422, detail=[{"loc": ["body", "id"], "msg": "must equal the path's id",
                                              "type": "value_error"}])
        await subscriptions.save(body)
        return body

    @api.get("/subscriptions", tags=["subscriptions"])
    async def listing(x_operator_key: Annotated[str | None, Header()] = None) -> list[Subscription]:
        operator(x_operator_key)
        return await subscriptions.all()

    @api.delete("/subscriptions/{subscription_id}", status_code=204, tags=["subscriptions"])
    async def remove(subscription_id: str, x_operator_key: Annotated[str | None, Header()] = None) -> None:
        operator(x_operator_key)
        if not await subscriptions.remove(subscription_id):
            raise HTTPException(404, detail=f"no stored subscription {subscription_id}")

    async def start_retrier() -> None:
        retrier.append(asyncio.create_task(run_retrier(deliverer, RETRY_INTERVAL_S), name="retrier"))

    async def stop_retrier() -> None:
        for task in retrier:
            task.cancel()
        await asyncio.gather(*retrier, return_exceptions=True)

    return Service(NAME, broker, client, api, on_start=[deliveries.prepare],
                   on_started=[start_retrier], on_stop=[stop_retrier])
