"""What the subscription API decides, on the fakes of its ports; its HTTP answers through the real
service: tests/e2e/test_notification_service.py."""

from datetime import date

import pytest

from services.notification.domain.subscriptions import Subscription
from services.notification.service_layer import subscribing
from tests.unit.fakes.notification import FakeDigestItems, FakeSubscriptions

HOOKED = Subscription(id="jo", name="Jordan", email="jo@x.org", webhook_url="https://user:pw@hooks.jo.example/t/s3cret?k=1")


async def test_a_subscription_is_saved_only_under_its_own_id() -> None:
    book = FakeSubscriptions()
    with pytest.raises(subscribing.MisaddressedSubscription):
        await subscribing.save(book, "other", HOOKED)
    assert book.stored == {}
    assert await subscribing.save(book, "jo", HOOKED) == HOOKED and book.stored == {"jo": HOOKED}


async def test_only_operators_read_webhook_addresses_whole() -> None:
    book = FakeSubscriptions(HOOKED)
    [whole] = await subscribing.listing(book, "operator")
    [masked] = await subscribing.listing(book, "staff")
    assert whole.webhook_url == HOOKED.webhook_url
    assert masked.webhook_url == "https://hooks.jo.example/…" and masked.email == "jo@x.org"


async def test_waiting_items_are_listed_per_subscriber() -> None:
    items = FakeDigestItems()
    await items.keep("e1:jo", "jo", date(2024, 3, 9), kind="nomination.accepted", subject="A", time=None)
    await items.keep("e1:tn", "tn", date(2024, 3, 9), kind="nomination.accepted", subject="B", time=None)
    assert [i.subject for i in await subscribing.waiting(items, "jo")] == ["A"]
    assert {i.id for i in await subscribing.waiting(items, None)} == {"e1:jo", "e1:tn"}
