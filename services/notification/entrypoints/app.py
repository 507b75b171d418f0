"""The notification service process: tells staff what the pipeline decided, by email and webhook, in
their language, once per delivery; reminds them before windows close; sends daily digests."""

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any

from fastapi import FastAPI

from shared import mongo, topics
from shared.edition import Edition
from shared.editions import EditionBook
from shared.events.catalogue import EditionEvent, MilestoneEvent, ScreenedEvent
from shared.events.milestones import JuryAuditFlaggedEvent
from shared.events.scoring import JudgingRejectedEvent
from shared.kafka import EventBus, batch_subscription, make_broker, subscription
from shared.runtime import Service
from shared.settings import Settings

from ..adapters.dead_letters import read_dead_letter
from ..adapters.deliveries import MongoDeliveries
from ..adapters.subscriptions import MongoSubscriptions
from ..adapters.digests import MongoDigestItems
from ..adapters.smtp import SmtpMailer
from ..adapters.webhook import WebhookSender
from ..domain.alerts import DeadLetter, dead_letter_notice
from ..domain.notices import Notice, notice_of
from ..domain.subscriptions import Subscription
from ..service_layer.clock import StaffClock
from ..service_layer.delivery import Deliverer, run_retrier
from ..service_layer.delivery_entries import planned
from ..service_layer.digests import DigestDesk
from .staff_api import staff_router

NAME = "notification"
RETRY_INTERVAL_S = 1.0
CLOCK_INTERVAL_S = 5.0
# Dead letters older than this are history, not an alert (a new deployment reads the topics from the start).
ALERT_HORIZON = timedelta(days=1)


def office(settings: Settings) -> list[Subscription]:
    return [Subscription(id=f"office-{i}", name="Awards office", email=email, language="ar")
            for i, email in enumerate(settings.staff_emails, 1)]


def build(settings: Settings) -> Service:
    client = mongo.connect(settings, NAME)
    db = mongo.database(client, settings, NAME)
    deliveries, subscriptions = MongoDeliveries(db, settings.delivery_stale_claim_s), MongoSubscriptions(db, office(settings))
    digest_items = MongoDigestItems(db)
    editions = EditionBook()
    broker = make_broker(settings, NAME)
    bus = EventBus(broker, settings, produces=(topics.NOTIFICATIONS_SENT,))

    async def publish(events: list[Any]) -> None:
        await bus.publish_all(topics.NOTIFICATIONS_SENT,
                              [(event, event.data.nomination_id or event.data.event_id) for event in events])

    mailer = SmtpMailer(settings)
    deliverer = Deliverer(deliveries, {"email": mailer,
                                       "webhook": WebhookSender(settings.webhook_secret.get_secret_value())},
                          publish, settings.delivery_max_attempts, settings.delivery_retry_base_s,
                          settings.delivery_concurrency, sweep_s=settings.delivery_stale_claim_s / 4)
    desk = DigestDesk(digest_items, deliverer, settings.public_base_url)

    def edition_of(notice: Notice) -> Edition | None:
        return editions.get(notice.edition_id) if notice.edition_id else None

    async def tell(*notices: Notice | None) -> None:
        told = [notice for notice in notices if notice is not None]
        if not told:
            return
        staff = await subscriptions.all()
        for notice in told:
            await desk.keep(notice, staff, edition_of(notice))
        await deliverer.deliver_all([entry for notice in told
                                     for entry in planned(notice, staff, settings.public_base_url, edition_of(notice))])

    clock = StaffClock(editions.current, subscriptions.all, tell, desk, settings.reminder_leads_h)

    def on(topic: topics.Topic) -> dict:
        return subscription(settings, NAME, topic)

    @broker.subscriber(settings.topic(topics.NOMINATIONS_SCREENED.name),
                       **batch_subscription(settings, NAME, topics.NOMINATIONS_SCREENED))
    async def on_screened(events: list[ScreenedEvent]) -> None:
        await tell(*map(notice_of, events))

    @broker.subscriber(settings.topic(topics.JUDGING_REJECTED.name), **on(topics.JUDGING_REJECTED))
    async def on_refused_score(event: JudgingRejectedEvent) -> None:
        await tell(notice_of(event))

    @broker.subscriber(settings.topic(topics.JURY_AUDIT.name), **on(topics.JURY_AUDIT))
    async def on_audit_flag(event: JuryAuditFlaggedEvent) -> None:
        await tell(notice_of(event))

    @broker.subscriber(settings.topic(topics.CATEGORY_MILESTONES.name), **on(topics.CATEGORY_MILESTONES))
    async def on_milestone(event: MilestoneEvent) -> None:
        await tell(notice_of(event))

    @broker.subscriber(settings.topic(topics.EDITIONS.name), **on(topics.EDITIONS))
    async def on_edition(event: EditionEvent) -> None:
        editions.apply(event)
        await tell(notice_of(event))

    @broker.subscriber(*(settings.topic(t.dead_letter) for t in topics.ALL), decoder=read_dead_letter,
                       group_id=settings.consumer_group(NAME), auto_offset_reset="earliest",
                       title=f"{NAME}:dead-letters", description="Every dead-letter topic: operators are told.")
    async def on_dead_letter(letter: DeadLetter) -> None:
        if datetime.now(timezone.utc) - letter.time <= ALERT_HORIZON:
            await tell(dead_letter_notice(letter))

    api = FastAPI(title="Social Government Awards — notification", version="1.0.0")
    api.include_router(staff_router(subscriptions, digest_items, settings.operator_api_keys, settings.staff_api_keys))
    background: list[asyncio.Task[None]] = []

    async def prepare() -> None:
        await deliveries.prepare()
        await digest_items.prepare()
        await editions.load(settings)

    async def start_background() -> None:
        background.append(asyncio.create_task(run_retrier(deliverer, RETRY_INTERVAL_S), name="retrier"))
        background.append(asyncio.create_task(clock.run(CLOCK_INTERVAL_S), name="staff-clock"))

    async def stop_background() -> None:
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        await mailer.close()

    return Service(NAME, broker, client, api, on_start=[prepare],
                   on_started=[start_background], on_stop=[stop_background])
