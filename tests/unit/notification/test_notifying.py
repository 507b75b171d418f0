"""StaffNotifier on the fakes of its ports: who is told what, once, and what happens when a receiver is
down or refuses. The same flows through Kafka, MongoDB and a real SMTP server:
tests/e2e/test_notification_service.py and tests/e2e/test_staff_alerts.py."""

from datetime import UTC, datetime, timedelta

from services.notification.domain.alerts import DeadLetter
from services.notification.domain.notices import notice_of
from services.notification.domain.subscriptions import Subscription
from services.notification.service_layer.delivery import Deliverer
from services.notification.service_layer.digests import DigestDesk
from services.notification.service_layer.notifying import StaffNotifier
from services.notification.service_layer.ports import PermanentFailure
from shared.transient import TransientFailure
from tests.unit.fakes.notification import (
    Clock,
    FakeDeliveries,
    FakeDigestItems,
    FakeSubscriptions,
    Published,
    Receiver,
)
from tests.unit.notification.given import BASE_WAIT_S, OFFICE, PAST_EVERY_RETRY_S, REJECTED, TUNISIA

NOW = datetime(2024, 2, 1, 12, tzinfo=UTC)


class Office:
    """A notifier wired to fakes, with every port in reach of the test."""

    def __init__(self, *subscriptions: Subscription, failures: list[Exception] | None = None,
                 max_attempts: int = 3) -> None:
        self.clock = Clock()
        self.receiver, self.ledger, self.published = Receiver(failures), FakeDeliveries(self.clock), Published()
        self.items, self.subscriptions = FakeDigestItems(), FakeSubscriptions(*subscriptions)
        self.deliverer = Deliverer(self.ledger, {"email": self.receiver, "webhook": self.receiver}, self.published,
                                   max_attempts=max_attempts, base_wait_s=BASE_WAIT_S, retries_remembered=100,
                                   clock=self.clock.seconds)
        self.desk = DigestDesk(self.items, self.deliverer, "https://results")
        self.notifier = StaffNotifier(self.subscriptions, self.desk, self.deliverer, lambda _: None,
                                      "https://results")


async def test_a_notice_is_delivered_once_per_subscriber_and_channel_even_when_told_twice() -> None:
    office = Office(OFFICE, TUNISIA)
    await office.notifier.tell(notice_of(REJECTED))
    await office.notifier.tell(notice_of(REJECTED))  # the event redelivered
    assert sorted(target for target, _ in office.receiver.got) == [
        "https://hooks.tn.example/awards", "office@x.org", "tn@x.org"]
    assert set(office.ledger.states().values()) == {"done"}
    assert office.published.statuses == ["sent"] * 6  # the audit again for the repeat, nothing sent again


async def test_nothing_worth_telling_reads_nothing() -> None:
    office = Office(OFFICE)
    await office.notifier.tell(None)
    assert office.receiver.calls == 0 and office.ledger.entries == {}


async def test_a_transient_failure_is_retried_and_then_sent() -> None:
    office = Office(OFFICE, failures=[TransientFailure("mail server down")])
    await office.notifier.tell(notice_of(REJECTED))
    assert office.ledger.states() == {"ev-9:office:email": "retry"} and office.published.statuses == []
    office.clock.advance(PAST_EVERY_RETRY_S)
    assert await office.deliverer.retry_due() == 1
    assert office.receiver.got == [("office@x.org", "رُفض ترشيح بلدية تونس <الكبرى>")]
    assert office.ledger.states() == {"ev-9:office:email": "done"} and office.published.statuses == ["sent"]


async def test_after_the_last_attempt_the_delivery_is_failed_and_reported() -> None:
    office = Office(OFFICE, failures=[TransientFailure("down")] * 3, max_attempts=3)
    await office.notifier.tell(notice_of(REJECTED))
    for _ in range(2):
        office.clock.advance(PAST_EVERY_RETRY_S)
        assert await office.deliverer.retry_due() == 1
    assert office.receiver.calls == 3 and office.receiver.got == []
    assert office.ledger.states() == {"ev-9:office:email": "failed"} and office.published.statuses == ["failed"]
    office.clock.advance(PAST_EVERY_RETRY_S)
    assert await office.deliverer.retry_due() == 0 and office.receiver.calls == 3


async def test_a_refusal_fails_at_once() -> None:
    office = Office(OFFICE, failures=[PermanentFailure("550 no such user")])
    await office.notifier.tell(notice_of(REJECTED))
    assert office.ledger.states() == {"ev-9:office:email": "failed"} and office.published.statuses == ["failed"]


async def test_a_digested_kind_waits_for_the_digest_and_other_subscribers_are_told_at_once() -> None:
    digesting = TUNISIA.model_copy(update={"digest_kinds": ["nomination.rejected"], "webhook_url": None})
    office = Office(OFFICE, digesting)
    await office.notifier.tell(notice_of(REJECTED))
    assert office.receiver.got == [("office@x.org", "رُفض ترشيح بلدية تونس <الكبرى>")]
    assert [i["subscription_id"] for i in await office.items.waiting()] == ["tn"]
    assert await office.desk.send_due(await office.subscriptions.all(), NOW) == 1  # 08:00 Tunis the next day
    assert office.receiver.got[-1] == ("tn@x.org", "Daily digest for 2024-01-31: 1 notifications")
    assert await office.items.waiting() == []


def letter(at: datetime) -> DeadLetter:
    return DeadLetter("awards.votes.dlq", 0, 7, at, "bad", "UnreadableEvent", "scoring", "awards.votes")


async def test_a_recent_dead_letter_alerts_the_office_and_an_old_one_does_not() -> None:
    office = Office(OFFICE)
    await office.notifier.tell_dead_letter(letter(NOW - timedelta(days=2)), NOW)
    assert office.receiver.calls == 0 and office.ledger.entries == {}, "history, not an alert"
    await office.notifier.tell_dead_letter(letter(NOW - timedelta(hours=1)), NOW)
    assert [target for target, _ in office.receiver.got] == ["office@x.org"]
