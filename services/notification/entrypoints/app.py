"""The notification service process: tells staff what the pipeline decided, by email and webhook, in
their language, once per delivery; reminds them before windows close; sends daily digests."""

import asyncio
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI

from shared import mongo, topics
from shared.editions import EditionBook
from shared.events.catalogue import EditionEvent, MilestoneEvent, ScreenedEvent
from shared.events.lifecycle import NotificationSentEvent
from shared.events.milestones import JuryAuditFlaggedEvent
from shared.events.scoring import JudgingRejectedEvent, VoterCodeRequestedEvent
from shared.kafka import EventBus, batch_subscription, make_broker, subscription
from shared.pages_style import stylesheet_router
from shared.runtime import Service

from ..adapters.codes_sent import MongoCodesSent
from ..adapters.dead_letters import read_dead_letter
from ..adapters.deliveries import MongoDeliveries
from ..adapters.digests import MongoDigestItems
from ..adapters.smtp import SmtpMailer
from ..adapters.subscriptions import MongoSubscriptions
from ..adapters.webhook import WebhookSender
from ..domain.alerts import DeadLetter
from ..domain.notices import notice_of
from ..domain.subscriptions import office_subscriptions
from ..service_layer.clock import StaffClock
from ..service_layer.delivery import Deliverer, retrier
from ..service_layer.digests import DigestDesk
from ..service_layer.notifying import StaffNotifier
from ..service_layer.voter_codes import send_code
from ..settings import NotificationSettings
from .console.pages import console_pages
from .staff_api import staff_router

NAME = "notification"
RETRY_INTERVAL_S = 1.0
CLOCK_INTERVAL_S = 5.0

def build(settings: NotificationSettings) -> Service:
    client = mongo.connect(settings, NAME)
    db = mongo.database(client, settings, NAME)
    deliveries = MongoDeliveries(db, settings.delivery_stale_claim_s)
    subscriptions = MongoSubscriptions(db, office_subscriptions(settings.staff_emails))
    digest_items = MongoDigestItems(db)
    codes_sent = MongoCodesSent(db["voter_codes_sent"])
    editions = EditionBook()
    broker = make_broker(settings, NAME)
    bus = EventBus(broker, settings, produces=(topics.NOTIFICATIONS_SENT,))

    async def publish(events: list[NotificationSentEvent]) -> None:
        await bus.publish_all(topics.NOTIFICATIONS_SENT,
                              [(event, event.data.nomination_id or event.data.event_id) for event in events])

    mailer = SmtpMailer(settings)
    deliverer = Deliverer(deliveries, {"email": mailer,
                                       "webhook": WebhookSender(settings.webhook_secret.get_secret_value())},
                          publish, settings.delivery_max_attempts, settings.delivery_retry_base_s,
                          settings.delivery_concurrency, sweep_s=settings.delivery_stale_claim_s / 4,
                          retries_remembered=settings.delivery_retries_remembered)
    desk = DigestDesk(digest_items, deliverer, settings.public_base_url)
    notifier = StaffNotifier(subscriptions, desk, deliverer, editions.get, settings.public_base_url)
    tell = notifier.tell
    clock = StaffClock(editions.current, subscriptions.all, tell, desk, settings.reminder_leads_h,
                       settings.reminders_remembered)

    def on(topic: topics.Topic) -> dict[str, Any]:
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

    @broker.subscriber(settings.topic(topics.VOTER_CODES.name), **on(topics.VOTER_CODES))
    async def on_voter_code(event: VoterCodeRequestedEvent) -> None:
        await send_code(event, datetime.now(UTC), mailer, codes_sent, editions.get)

    @broker.subscriber(settings.topic(topics.EDITIONS.name), **on(topics.EDITIONS))
    async def on_edition(event: EditionEvent) -> None:
        editions.apply(event)
        await tell(notice_of(event))

    @broker.subscriber(*(settings.topic(t.dead_letter) for t in topics.ALL), decoder=read_dead_letter,
                       group_id=settings.consumer_group(NAME), auto_offset_reset="earliest",
                       title=f"{NAME}:dead-letters", description="Every dead-letter topic: operators are told.")
    async def on_dead_letter(letter: DeadLetter) -> None:
        await notifier.tell_dead_letter(letter)

    api = FastAPI(title="Social Government Awards — notification", version="1.0.0")
    api.include_router(staff_router(subscriptions, digest_items, settings.operator_api_keys, settings.staff_api_keys))
    api.include_router(console_pages(settings))
    api.include_router(stylesheet_router())
    background = [retrier(deliverer, RETRY_INTERVAL_S), clock.every(CLOCK_INTERVAL_S)]
    for periodic in background:
        periodic.expose(NAME)

    async def prepare() -> None:
        await deliveries.prepare()
        await digest_items.prepare()
        await editions.load(settings)
        editions.follow(settings)  # every instance learns later editions, not only the group's reader

    async def start_background() -> None:
        for periodic in background:
            periodic.start()

    async def stop_background() -> None:
        await asyncio.gather(*(periodic.stop() for periodic in background))
        await editions.stop()
        await mailer.close()

    return Service(NAME, broker, client, api, on_start=[prepare],
                   on_started=[start_background], on_stop=[stop_background])
