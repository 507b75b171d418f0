"""Our batch subscribers poll without the sleep FastStream adds after an empty poll, and a poll that
found records waiting asks once more, briefly, for those still at the broker (shared/kafka.py). The
replacement lives on FastStream's class, so these tests pin both what it does and that FastStream's
consume loop still calls it: an upgrade that renames either fails here instead of silently adding the
sleep back."""

import inspect
from types import SimpleNamespace

import pytest
from aiokafka.errors import TopicAuthorizationFailedError

from faststream.kafka.subscriber import usecase
from faststream.kafka.subscriber.usecase import BatchSubscriber, LogicSubscriber

import shared.kafka  # noqa: F401 - installs the poll


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Consumer:
    """Answers in turn; each answer is ``(records, seconds the poll took)``, just the records (at once), or
    an error to raise."""

    def __init__(self, *answers: dict | tuple[dict, float] | Exception, clock: Clock | None = None) -> None:
        self.answers, self.asked, self.clock = list(answers), [], clock

    async def getmany(self, timeout_ms: int, max_records: int) -> dict:
        self.asked.append((timeout_ms, max_records))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        records, took = answer if isinstance(answer, tuple) else (answer, 0.0)
        if self.clock is not None:
            self.clock.now += took
        return records


async def test_an_empty_poll_returns_at_once_and_records_come_in_partition_order(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    async def no_sleep(seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s after an empty poll")
    monkeypatch.setattr(usecase.anyio, "sleep", no_sleep)
    subscriber = SimpleNamespace(batch_timeout_ms=shared.kafka.BATCH_IDLE_POLL_MS, max_records=500)
    clock = Clock()
    monkeypatch.setattr(shared.kafka, "monotonic", clock)
    consumer = Consumer(({}, 0.5), ({"p0": ["a", "b"], "p1": ["c"]}, 0.2), clock=clock)

    assert await BatchSubscriber.get_msg(subscriber, consumer) == ()
    assert await BatchSubscriber.get_msg(subscriber, consumer) == ("a", "b", "c")
    assert consumer.asked == [(shared.kafka.BATCH_IDLE_POLL_MS, 500)] * 2  # waited for them: asks no more


async def test_records_found_waiting_are_joined_by_those_still_at_the_broker(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    monkeypatch.setattr(shared.kafka, "monotonic", clock)
    subscriber = SimpleNamespace(batch_timeout_ms=shared.kafka.BATCH_IDLE_POLL_MS, max_records=10)
    consumer = Consumer({"p0": ["a"], "p1": ["x"]}, ({"p0": ["b"], "p2": ["y"]}, 0.002), clock=clock)

    assert await BatchSubscriber.get_msg(subscriber, consumer) == ("a", "x", "b", "y")
    assert consumer.asked == [(shared.kafka.BATCH_IDLE_POLL_MS, 10), (shared.kafka.BATCH_GATHER_MS, 8)]


async def test_without_a_batch_limit_the_second_ask_has_none_either(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(shared.kafka, "monotonic", Clock())
    subscriber = SimpleNamespace(batch_timeout_ms=shared.kafka.BATCH_IDLE_POLL_MS, max_records=None)
    consumer = Consumer({"p0": ["a"]}, {"p0": ["b"]})

    assert await BatchSubscriber.get_msg(subscriber, consumer) == ("a", "b")
    assert consumer.asked == [(shared.kafka.BATCH_IDLE_POLL_MS, None), (shared.kafka.BATCH_GATHER_MS, None)]


async def test_an_error_of_the_second_ask_comes_after_the_records_already_taken(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The first answer's records are behind the consumer's position: dropping them for the error would
    # let the next commit pass them unhandled.
    monkeypatch.setattr(shared.kafka, "monotonic", Clock())
    subscriber = SimpleNamespace(batch_timeout_ms=shared.kafka.BATCH_IDLE_POLL_MS, max_records=10)
    refused = TopicAuthorizationFailedError()
    consumer = Consumer({"p0": ["a", "b"]}, refused, {"p0": ["c"]})

    assert await BatchSubscriber.get_msg(subscriber, consumer) == ("a", "b")
    with pytest.raises(TopicAuthorizationFailedError) as raised:
        await BatchSubscriber.get_msg(subscriber, consumer)
    assert raised.value is refused and len(consumer.asked) == 2  # raised before asking again
    assert await BatchSubscriber.get_msg(subscriber, consumer) == ("c",)


async def test_an_empty_poll_asks_no_more_even_when_it_answered_at_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(shared.kafka, "monotonic", Clock())
    subscriber = SimpleNamespace(batch_timeout_ms=shared.kafka.BATCH_IDLE_POLL_MS, max_records=10)
    consumer = Consumer({})

    assert await BatchSubscriber.get_msg(subscriber, consumer) == ()
    assert len(consumer.asked) == 1


async def test_a_full_batch_asks_no_more(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(shared.kafka, "monotonic", Clock())
    subscriber = SimpleNamespace(batch_timeout_ms=shared.kafka.BATCH_IDLE_POLL_MS, max_records=3)
    consumer = Consumer({"p0": ["a", "b"], "p1": ["c"]})

    assert await BatchSubscriber.get_msg(subscriber, consumer) == ("a", "b", "c")
    assert len(consumer.asked) == 1


def test_fastStreams_consume_loop_still_polls_through_get_msg() -> None:
    assert BatchSubscriber.get_msg is shared.kafka._poll
    assert "self.get_msg(" in inspect.getsource(LogicSubscriber._run_consume_loop)
