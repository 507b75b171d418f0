"""The deliverer (service_layer/delivery.py) on the fakes of its ports: once per delivery key, retried on
a transient failure, failed after the attempts or on a refusal, a bounded number of sends at once."""

import asyncio
from typing import Any

import pytest

from services.notification.domain.subscriptions import Subscription
from services.notification.service_layer.delivery import Deliverer, retrier
from services.notification.service_layer.delivery_entries import planned
from services.notification.service_layer.ports import PermanentFailure
from shared.transient import TransientFailure
from tests.unit.fakes.notification import FakeDeliveries, Receiver
from tests.unit.notification.given import (
    BASE_WAIT_S,
    OFFICE,
    PAST_EVERY_RETRY_S,
    REJECTED,
    TUNISIA,
    deliverer,
    notice_of,
)
from tests.waiting import eventually


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
    store.clock.advance(PAST_EVERY_RETRY_S)
    assert await worker.retry_due() == 1 and channel.calls == 2
    store.clock.advance(PAST_EVERY_RETRY_S)
    assert await worker.retry_due() == 1
    assert channel.got and published == ["sent"]


class TakenMeanwhile(FakeDeliveries):
    """A ledger shared with another instance, whose retrier takes every due entry just after this one read it."""

    async def due(self) -> list[dict[str, Any]]:
        found = await super().due()
        for entry in found:
            assert await self.take(entry)
        return found


async def test_a_due_retry_another_instance_took_after_this_one_read_it_is_not_sent_here() -> None:
    store, published = TakenMeanwhile(), list[str]()
    channel = Receiver([TransientFailure("down")])
    worker = deliverer(channel, store, published)
    await worker.deliver(planned(notice_of(REJECTED), [OFFICE], "https://results")[0])
    store.clock.advance(PAST_EVERY_RETRY_S)

    assert await worker.retry_due() == 0 and channel.calls == 1
    assert store.entries["ev-9:office:email"]["state"] == "claimed", "the other instance's now"


async def test_a_refusal_is_recorded_once_and_never_retried() -> None:
    store, published = FakeDeliveries(), list[str]()
    worker = deliverer(Receiver([PermanentFailure("550 no such user")]), store, published)
    await worker.deliver(planned(notice_of(REJECTED), [OFFICE], "https://results")[0])
    assert store.entries["ev-9:office:email"]["state"] == "failed" and published == ["failed"]
    assert await worker.retry_due() == 0


async def test_giving_up_after_the_last_attempt() -> None:
    store, published = FakeDeliveries(), list[str]()
    channel = Receiver([TransientFailure("down")] * 5)
    worker = deliverer(channel, store, published)
    await worker.deliver(planned(notice_of(REJECTED), [OFFICE], "https://results")[0])
    for _ in range(2):
        store.clock.advance(PAST_EVERY_RETRY_S)
        assert await worker.retry_due() == 1
    assert channel.calls == 3
    assert store.entries["ev-9:office:email"]["state"] == "failed" and published == ["failed"]


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
                       max_attempts=3, base_wait_s=BASE_WAIT_S, concurrency=3, retries_remembered=100)
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
                       max_attempts=3, base_wait_s=BASE_WAIT_S, concurrency=2, retries_remembered=100)
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
    store.clock.advance(PAST_EVERY_RETRY_S)
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
    release, started, calls = asyncio.Event(), asyncio.Event(), []

    async def slow(target: str, message: dict[str, Any], key: str) -> None:
        calls.append(key)
        started.set()
        await release.wait()

    store, published = FakeDeliveries(stale_claim_s=0), list[str]()  # every claim looks stale at once
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
