import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from services.notification.domain import notices
from services.notification.domain.notices import Notice
from services.notification.domain.rendering import render
from services.notification.domain.subscriptions import Subscription
from services.notification.service_layer.delivery import Deliverer, retrier
from services.notification.service_layer.delivery_entries import planned
from services.notification.service_layer.ports import PermanentFailure
from shared.events.nomination import NominationRejected, NominationRejectedEvent
from shared.failures import TransientFailure
from tests.unit.fakes.notification import FakeDeliveries, Receiver
from tests.waiting import eventually

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


def deliverer(channel: Receiver, store: FakeDeliveries, published: list[str]) -> Deliverer:
    async def publish(events: list[Any]) -> None:
        published.extend(event.data.status for event in events)
    return Deliverer(store, {"email": channel, "webhook": channel}, publish, max_attempts=3, base_wait_s=0)


def test_each_matching_subscriber_gets_the_message_in_their_language() -> None:
    entries = planned(notice_of(REJECTED), [OFFICE, COORDINATOR, TUNISIA], "https://results")
    assert [(e["_id"], e["language"]) for e in entries] == [
        ("ev-9:office:email", "ar"), ("ev-9:tn:email", "en"), ("ev-9:tn:webhook", "en")]
    arabic = entries[0]["message"]
    assert arabic["subject"] == "رُفض ترشيح بلدية تونس <الكبرى>"
    assert '<html lang="ar" dir="rtl">' in arabic["html"] and "&lt;الكبرى&gt;" in arabic["html"]
    assert "رجب 1445 هـ" in arabic["text"] and "13:00 (Asia/Riyadh)" in arabic["text"]
    assert '<html lang="en" dir="ltr">' in entries[1]["message"]["html"]


async def test_a_redelivered_event_sends_nothing_twice_but_republishes_the_audit() -> None:
    store, channel, published = FakeDeliveries(), Receiver(), list[str]()
    entry = planned(notice_of(REJECTED), [OFFICE], "https://results")[0]
    await deliverer(channel, store, published).deliver(entry)
    await deliverer(channel, store, published).deliver(entry)
    assert len(channel.got) == 1 and published == ["sent", "sent"]


async def test_a_receiver_that_is_down_is_retried_later_without_holding_up_the_consumer() -> None:
    store, published = FakeDeliveries(), list[str]()
    channel = Receiver([TransientFailure("down"), TransientFailure("still down")])
    worker = deliverer(channel, store, published)
    await worker.deliver(planned(notice_of(REJECTED), [OFFICE], "https://results")[0])
    assert store.entries["ev-9:office:email"]["state"] == "retry" and published == []
    await worker.retry_due()
    await worker.retry_due()
    assert channel.got and published == ["sent"]


async def test_a_refusal_is_recorded_once_and_never_retried() -> None:
    store, published = FakeDeliveries(), list[str]()
    worker = deliverer(Receiver([PermanentFailure("550 no such user")]), store, published)
    await worker.deliver(planned(notice_of(REJECTED), [OFFICE], "https://results")[0])
    assert store.entries["ev-9:office:email"]["state"] == "failed" and published == ["failed"]
    assert await worker.retry_due() == 0


async def test_giving_up_after_the_last_attempt() -> None:
    store, published = FakeDeliveries(), list[str]()
    worker = deliverer(Receiver([TransientFailure("down")] * 5), store, published)
    await worker.deliver(planned(notice_of(REJECTED), [OFFICE], "https://results")[0])
    await worker.retry_due()
    await worker.retry_due()
    assert store.entries["ev-9:office:email"]["state"] == "failed" and published == ["failed"]


@pytest.mark.parametrize("change", [{"email": "not-an-email"}, {"webhook_url": "http://hooks.example/x"},
                                    {"timezone": "Mars/Olympus"}, {"kinds": ["gossip"]}])
def test_bad_subscriptions_are_refused_with_a_clear_error(change: dict) -> None:
    with pytest.raises(ValidationError):
        Subscription.model_validate({"id": "x", "name": "X", **change})


def test_the_english_rendering_of_a_rejection() -> None:
    message = render(notice_of(REJECTED), "en", "Africa/Tunis", "https://results/")
    assert message.subject == "Nomination rejected: بلدية تونس <الكبرى>"
    assert "Needs an account. (NO_OFFICIAL_ACCOUNT)" in message.text
    assert "https://results/nominations/n-9" in message.text


class SlowReceiver(Receiver):
    """Answers after a pause, counting how many sends are under way at once."""

    def __init__(self) -> None:
        super().__init__()
        self.under_way = self.most_at_once = 0

    async def __call__(self, target: str, message: dict[str, Any], key: str) -> None:
        self.under_way += 1
        self.most_at_once = max(self.most_at_once, self.under_way)
        await asyncio.sleep(0.01)
        self.under_way -= 1
        await super().__call__(target, message, key)


async def test_a_batch_is_sent_a_bounded_number_at_a_time_and_each_once() -> None:
    store, channel, published = FakeDeliveries(), SlowReceiver(), list[str]()
    sender = Deliverer(store, {"email": channel, "webhook": channel}, lambda events: _noted(published, events),
                       max_attempts=3, base_wait_s=0, concurrency=3)
    entries = [entry for i in range(5) for entry in planned(notice_of(REJECTED.model_copy(update={"id": f"ev-{i}"})),
                                                            [OFFICE, TUNISIA], "https://results")]

    await sender.deliver_all(entries + entries[:2])  # two repeated within the batch

    assert channel.most_at_once == 3
    assert len(channel.got) == len(entries) == 15
    assert {e["state"] for e in store.entries.values()} == {"done"}

    published.clear()
    await sender.deliver_all(entries)  # the batch redelivered: nothing sent again, every audit again
    assert len(channel.got) == 15 and published == ["sent"] * 15


class BrokenLedger(FakeDeliveries):
    """Refuses to record that one delivery failed for good (the database went away meanwhile)."""

    async def failed(self, key: str, reason: str) -> None:
        if key.startswith("ev-1:"):
            raise TransientFailure("database away")
        await super().failed(key, reason)


class RefusingReceiver(SlowReceiver):
    async def __call__(self, target: str, message: dict[str, Any], key: str) -> None:
        await super().__call__(target, message, key)
        if key.startswith("ev-1:"):
            raise PermanentFailure("recipient refused")


async def test_a_failure_in_a_batch_is_raised_once_every_other_delivery_has_finished() -> None:
    store, channel, published = BrokenLedger(), RefusingReceiver(), list[str]()
    sender = Deliverer(store, {"email": channel, "webhook": channel}, lambda events: _noted(published, events),
                       max_attempts=3, base_wait_s=0, concurrency=2)
    entries = [entry for i in range(3) for entry in planned(notice_of(REJECTED.model_copy(update={"id": f"ev-{i}"})),
                                                            [OFFICE], "https://results")]

    with pytest.raises(TransientFailure):
        await sender.deliver_all(entries)

    assert channel.under_way == 0 and not sender.in_flight
    assert {k: e["state"] for k, e in store.entries.items()} == {
        "ev-0:office:email": "done", "ev-1:office:email": "claimed", "ev-2:office:email": "done"}
    assert published == ["sent", "sent"]


async def _noted(published: list[str], events: list[Any]) -> None:
    published.extend(event.data.status for event in events)


async def test_the_running_retrier_sends_what_fell_due() -> None:
    store, published = FakeDeliveries(), list[str]()
    channel = Receiver([TransientFailure("down")])
    worker = deliverer(channel, store, published)
    await worker.deliver(planned(notice_of(REJECTED), [OFFICE], "https://results")[0])
    retrying = retrier(worker, 0.001)
    retrying.start()
    try:
        async def sent() -> bool:
            return bool(channel.got)
        await eventually(sent, timeout_s=5, what="the retry sent")
    finally:
        await retrying.stop()
    assert store.entries["ev-9:office:email"]["state"] == "done" and published == ["sent"]


async def test_a_slow_send_is_not_mistaken_for_a_claim_left_by_a_crash() -> None:
    class EveryClaimStale(FakeDeliveries):
        async def due(self) -> list[dict[str, Any]]:
            self.reads += 1
            return [e for e in self.entries.values() if e["state"] in ("retry", "claimed")]

    release, started, calls = asyncio.Event(), asyncio.Event(), []

    async def slow(target: str, message: dict[str, Any], key: str) -> None:
        calls.append(key)
        started.set()
        await release.wait()

    store, published = EveryClaimStale(), list[str]()
    sender = deliverer(Receiver(), store, published)
    sender.channels = {"email": slow}
    entry = planned(notice_of(REJECTED), [Subscription(id="o", name="O", email="o@x.org")], "https://r")[0]
    sending = asyncio.create_task(sender.deliver(entry))
    await started.wait()
    assert store.entries[entry["_id"]]["state"] == "claimed"
    assert await sender.retry_due() == 0  # claimed and stale-looking, but in flight here
    assert store.reads == 1, "the ledger was read: the claim was seen and passed over"
    release.set()
    await sending
    assert calls == [entry["_id"]] and store.entries[entry["_id"]]["state"] == "done"
