"""A rejected nomination, the subscribers it concerns, and a deliverer wired on fakes, for the unit tests
of the notification service."""

from datetime import UTC, datetime
from typing import Any

from services.notification.domain import notices
from services.notification.domain.notices import Notice
from services.notification.domain.subscriptions import Subscription
from services.notification.service_layer.delivery import Deliverer
from shared.events.nomination import NominationRejected, NominationRejectedEvent
from tests.unit.fakes.notification import FakeDeliveries, Receiver

REJECTED = NominationRejectedEvent(
    id="ev-9", source="urn:socialgov:awards:nomination", type=NominationRejectedEvent.event_type,
    time=datetime(2024, 1, 31, 10, tzinfo=UTC),
    data=NominationRejected(
        nomination_id="n-9", reference="TN-1", submitted_by="urn:tn", edition_id="2024-first",
        category="digital-content", country="TN", nominee={"kind": "entity", "name_ar": "بلدية تونس <الكبرى>"},
        accounts=[], reasons=[{"code": "NO_OFFICIAL_ACCOUNT", "en": "Needs an account.", "ar": "يلزم حساب رسمي."}]),
)


def notice_of(event: Any) -> Notice:
    """The notice of an event worth telling, as every event of these tests is."""
    notice = notices.notice_of(event)
    assert notice is not None, event
    return notice


OFFICE = Subscription(id="office", name="Office", email="office@x.org", language="ar", timezone="Asia/Riyadh")
COORDINATOR = Subscription(id="jo", name="Jordan", email="jo@x.org", language="en", countries=["JO"])
TUNISIA = Subscription(id="tn", name="Tunisia", email="tn@x.org", webhook_url="https://hooks.tn.example/awards",
                       language="en", timezone="Africa/Tunis", countries=["TN"])


BASE_WAIT_S = 10.0
"""The first wait before a retry (5 to 15 s with jitter); the second is twice that."""
PAST_EVERY_RETRY_S = 4 * BASE_WAIT_S
"""Longer than any wait before a retry of a deliverer with three attempts, shorter than a stale claim."""


def deliverer(channel: Receiver, store: FakeDeliveries, published: list[str]) -> Deliverer:
    """Three attempts, on the ledger's clock: a retry falls due once the test advances that clock."""
    async def publish(events: list[Any]) -> None:
        published.extend(event.data.status for event in events)
    return Deliverer(store, {"email": channel, "webhook": channel}, publish, max_attempts=3,
                     base_wait_s=BASE_WAIT_S, retries_remembered=100, clock=store.clock.seconds)
