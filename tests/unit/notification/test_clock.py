"""The staff clock on the fakes of its ports: a closing window reminds once however often the clock
ticks, a digest goes out when its hour has come, and what the clock remembers stays bounded."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from services.notification.domain.notices import Notice
from services.notification.domain.subscriptions import Subscription
from services.notification.service_layer.clock import StaffClock
from services.notification.service_layer.delivery import Deliverer
from services.notification.service_layer.digests import DigestDesk
from shared.edition import Edition, Window, Windows, load_edition
from tests.unit.fakes.notification import FakeDeliveries, FakeDigestItems, Published, Receiver
from tests.unit.notification.given import BASE_WAIT_S
from tests.waiting import eventually

NOW = datetime(2024, 3, 10, 9, 0, tzinfo=UTC)
FIRST = load_edition(Path(__file__).resolve().parents[3] / "editions" / "2024-first.yaml")
OFFICE = Subscription(id="office", name="Office", email="office@x.org")


def judging_closes_in(hours: float, edition_id: str = "2024-first") -> Edition:
    return FIRST.model_copy(update={"id": edition_id, "windows": Windows(
        intake=Window(opens=NOW - timedelta(days=9), closes=NOW - timedelta(days=1)),
        judging=Window(opens=NOW - timedelta(days=1), closes=NOW + timedelta(hours=hours)),
        voting=Window(opens=NOW - timedelta(days=1), closes=NOW + timedelta(days=30)))})


class Told:
    def __init__(self) -> None:
        self.notices: list[Notice] = []

    async def __call__(self, notice: Notice) -> None:
        self.notices.append(notice)


def clock(editions: list[Edition], told: Told, items: FakeDigestItems | None = None,
          receiver: Receiver | None = None, remembered: int = 4096) -> StaffClock:
    ledger = FakeDeliveries()
    deliverer = Deliverer(ledger, {"email": receiver or Receiver()}, Published(), max_attempts=3,
                          base_wait_s=BASE_WAIT_S, retries_remembered=100, clock=ledger.clock.seconds)
    desk = DigestDesk(items or FakeDigestItems(), deliverer, "https://results")

    async def subscriptions() -> list[Subscription]:
        return [OFFICE.model_copy(update={"language": "en", "timezone": "UTC", "digest_hour": 8})]
    return StaffClock(lambda: editions, subscriptions, told, desk, [72, 24], remembered=remembered,
                      now=lambda: NOW)


async def test_a_closing_window_is_told_once_however_often_the_clock_ticks() -> None:
    told = Told()
    staff_clock = clock([judging_closes_in(20)], told)
    for minutes in (0, 5, 10):
        await staff_clock.tick(NOW + timedelta(minutes=minutes))
    assert [(n.kind, n.facts["window"], n.facts["lead_h"]) for n in told.notices] == [("window.closing", "judging", 24)]


async def test_the_running_clock_tells_once_after_ticking_more_than_once() -> None:
    told = Told()
    ticking = clock([judging_closes_in(20)], told).every(0.001)
    ticking.start()
    try:
        async def ticked_thrice() -> bool:  # proof that later ticks ran, before asserting they told nothing more
            return ticking.ticks >= 3
        await eventually(ticked_thrice, timeout_s=5, what="three ticks")
    finally:
        await ticking.stop()
    assert len(told.notices) == 1


async def test_a_failing_tick_is_tried_again_at_the_next() -> None:
    told, failures = Told(), [RuntimeError("database away")]

    async def flaky(notice: Notice) -> None:
        if failures:
            raise failures.pop()
        await told(notice)
    staff_clock = clock([judging_closes_in(20)], told)
    staff_clock.tell = flaky
    ticking = staff_clock.every(0.001)
    ticking.start()
    try:
        async def ticked() -> bool:
            return ticking.ticks >= 1
        await eventually(ticked, timeout_s=5, what="a tick that completed")
    finally:
        await ticking.stop()
    assert failures == [] and len(told.notices) == 1


async def test_the_days_digest_goes_out_when_its_hour_has_come() -> None:
    items, receiver = FakeDigestItems(), Receiver()
    await items.keep("e1:office", "office", (NOW - timedelta(days=1)).date(), kind="nomination.accepted",
                     subject="Nomination accepted: A", time=NOW - timedelta(days=1))
    staff_clock = clock([], Told(), items, receiver)
    await staff_clock.tick(NOW.replace(hour=7, minute=59))
    assert receiver.calls == 0 and await items.waiting() != []
    await staff_clock.tick(NOW.replace(hour=8))
    assert receiver.got == [("office@x.org", "Daily digest for 2024-03-09: 1 notifications")]
    assert await items.waiting() == []


async def test_what_the_clock_remembers_is_bounded_however_many_windows_close() -> None:
    told = Told()
    editions = [judging_closes_in(20, f"edition-{i}") for i in range(500)]
    staff_clock = clock(editions, told, remembered=100)
    await staff_clock.tick(NOW)
    assert len(told.notices) == 500 and len(staff_clock.reminded) == 100
    assert list(staff_clock.reminded) == [n.event_id for n in told.notices[-100:]], "the newest are kept"
