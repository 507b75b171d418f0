"""The digest desk (service_layer/digests.py) on the fakes of its ports: digested kinds kept, others sent
at once, one digest a day when its hour has come."""

from datetime import UTC, datetime

from services.notification.domain.subscriptions import Subscription
from services.notification.service_layer.delivery_entries import planned
from services.notification.service_layer.digests import DigestDesk
from tests.unit.fakes.notification import FakeDeliveries, FakeDigestItems, Receiver
from tests.unit.notification.given import REJECTED, deliverer, notice_of


async def test_digested_kinds_wait_for_one_message_a_day_and_others_go_at_once() -> None:
    digesting = Subscription(id="tn", name="Tunisia", email="tn@x.org", language="en", timezone="Africa/Tunis",
                             digest_kinds=["nomination.rejected"], digest_hour=8)
    immediate = Subscription(id="office", name="Office", email="office@x.org")
    notice = notice_of(REJECTED)  # 2024-01-31 10:00 UTC
    assert [e["_id"] for e in planned(notice, [digesting, immediate], "https://r")] == ["ev-9:office:email"]
    channel, store, published, items = Receiver(), FakeDeliveries(), list[str](), FakeDigestItems()
    desk = DigestDesk(items, deliverer(channel, store, published), "https://r")
    assert await desk.keep(notice, [digesting, immediate]) == 1
    await desk.keep(notice, [digesting, immediate])  # redelivered: kept once
    assert await desk.send_due([digesting], datetime(2024, 2, 1, 6, 59, tzinfo=UTC)) == 0
    assert await desk.send_due([digesting], datetime(2024, 2, 1, 7, 0, tzinfo=UTC)) == 1  # 08:00 Tunis
    assert channel.got == [("tn@x.org", "Daily digest for 2024-01-31: 1 notifications")]
    assert await desk.send_due([digesting], datetime(2024, 2, 2, 7, 0, tzinfo=UTC)) == 0
