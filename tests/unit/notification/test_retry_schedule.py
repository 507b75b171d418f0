"""When the retrier reads the deliveries ledger: at start, when a retry this process scheduled falls
due, and otherwise once a sweep interval (reading it is O(deliveries) on FerretDB); and what it finds due
there: a retry once its time has come, a claim once it is stale."""


from services.notification.service_layer.delivery_entries import planned
from services.notification.service_layer.retry_schedule import RetrySchedule
from shared.transient import TransientFailure
from tests.unit.fakes.notification import FakeDeliveries, Receiver
from tests.unit.notification.given import BASE_WAIT_S, OFFICE, PAST_EVERY_RETRY_S, REJECTED, deliverer, notice_of


def test_the_first_call_reads_then_only_a_sweep_or_a_scheduled_retry_does() -> None:
    schedule = RetrySchedule(sweep_s=15, remembered=100)
    assert schedule.due(100.0)
    schedule.read(100.0)
    assert not schedule.due(101.0) and not schedule.due(114.9)
    assert schedule.due(115.0)
    schedule.scheduled(103.0)
    schedule.scheduled(102.0)
    assert not schedule.due(101.9) and schedule.due(102.0)
    schedule.read(102.0)
    assert schedule.due(103.0), "the later retry is still waited for"
    schedule.read(103.0)
    assert not schedule.due(117.9) and schedule.due(118.0)


def test_a_retry_scheduled_while_the_ledger_was_read_is_kept() -> None:
    schedule = RetrySchedule(sweep_s=15, remembered=100)
    schedule.read(100.0)
    began = 110.0
    schedule.scheduled(110.5)  # written after the read began: the read may have missed it
    schedule.read(began)
    assert schedule.due(110.5)


async def test_the_ledger_is_read_once_when_nothing_was_scheduled_and_again_when_a_retry_is_due() -> None:
    store, published = FakeDeliveries(), list[str]()
    worker = deliverer(Receiver([TransientFailure("down")]), store, published)
    worker.schedule.sweep_s = 1_000  # no sweep within this test: only the scheduled retry may cause a read
    assert await worker.retry_due() == 0 and store.reads == 1  # at start: what an earlier process left
    assert await worker.retry_due() == 0 and store.reads == 1  # nothing scheduled, no sweep due
    await worker.deliver(planned(notice_of(REJECTED), [OFFICE], "https://results")[0])  # fails: retry in 5-15 s
    assert await worker.retry_due() == 0 and store.reads == 1, "not yet due, and no sweep due"
    store.clock.advance(PAST_EVERY_RETRY_S)
    assert await worker.retry_due() == 1 and store.reads == 2
    assert published == ["sent"]
    assert await worker.retry_due() == 0 and store.reads == 2


def test_many_retries_keep_a_bounded_memory_and_the_earliest_due_times() -> None:
    schedule = RetrySchedule(sweep_s=15, remembered=100)
    schedule.read(899.0)
    for i in range(10_000):  # a receiver down under a burst: every delivery retried, each a little earlier
        schedule.scheduled(1_000.0 - i / 100)
        assert len(schedule._retries) <= 100
    assert not schedule.due(900.0) and schedule.due(900.01), "the earliest scheduled retry is remembered"
    schedule.read(902.0)  # every remembered retry (900.01 to 901.0) read as due
    assert not schedule.due(916.9) and schedule.due(917.0), "the forgotten later ones wait for the next sweep"


async def test_a_retry_is_not_sent_before_its_time() -> None:
    store, published = FakeDeliveries(), list[str]()
    channel = Receiver([TransientFailure("down")])
    worker = deliverer(channel, store, published)
    await worker.deliver(planned(notice_of(REJECTED), [OFFICE], "https://results")[0])
    store.clock.advance(BASE_WAIT_S * 0.49)  # the earliest a first retry may fall due is half the base wait
    assert await worker.retry_due() == 0 and store.reads == 1, "the ledger was read and held nothing due"
    assert channel.calls == 1 and store.entries["ev-9:office:email"]["state"] == "retry"
    store.clock.advance(PAST_EVERY_RETRY_S)
    assert await worker.retry_due() == 1 and channel.got and published == ["sent"]


async def test_a_claim_left_by_a_crash_is_sent_once_it_is_stale() -> None:
    store, channel, published = FakeDeliveries(stale_claim_s=60), Receiver(), list[str]()
    worker = deliverer(channel, store, published)
    entry = planned(notice_of(REJECTED), [OFFICE], "https://results")[0]
    await store.claim(entry["_id"], **{k: v for k, v in entry.items() if k != "_id"})  # a process died mid-send
    assert await worker.retry_due() == 0 and store.reads == 1, "read at start: the claim is not stale yet"
    store.clock.advance(61)  # stale, and past the next sweep (every 15 s)
    assert await worker.retry_due() == 1 and store.reads == 2
    assert channel.got == [("office@x.org", channel.got[0][1])] and published == ["sent"]
    assert store.entries[entry["_id"]]["state"] == "done"
