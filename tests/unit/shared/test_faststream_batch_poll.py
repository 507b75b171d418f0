"""``shared.faststream_batch_poll``: the poll itself (no sleep after an empty poll; a poll that found
records waiting asks once more, briefly, for those still at the broker; an error of that second ask comes
at the next poll), and the guard around the replacement: it is installed only on the FastStream it was
written against, and FastStream's consume loop still polls through the method it replaces."""

import inspect
from types import SimpleNamespace
from typing import Any

import pytest
from aiokafka.errors import TopicAuthorizationFailedError
from faststream.kafka.subscriber import usecase
from faststream.kafka.subscriber.usecase import BatchSubscriber, LogicSubscriber
from pytest import MonkeyPatch

from shared import faststream_batch_poll
from shared.faststream_batch_poll import BATCH_GATHER_MS, BATCH_IDLE_POLL_MS, poll


def subscriber_of(max_records: int | None) -> Any:
    """The attributes of a batch subscriber that its poll reads."""
    return SimpleNamespace(batch_timeout_ms=BATCH_IDLE_POLL_MS, max_records=max_records)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


Records = dict[str, list[str]]
Answer = Records | tuple[Records, float] | Exception


class Consumer:
    """Answers in turn; each answer is ``(records, seconds the poll took)``, just the records (at once), or
    an error to raise."""

    def __init__(self, *answers: Answer, clock: Clock | None = None) -> None:
        self.answers, self.clock = list(answers), clock
        self.asked: list[tuple[int, int | None]] = []

    async def getmany(self, timeout_ms: int, max_records: int | None) -> Records:
        self.asked.append((timeout_ms, max_records))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        records, took = answer if isinstance(answer, tuple) else (answer, 0.0)
        if self.clock is not None:
            self.clock.now += took
        return records


async def test_an_empty_poll_returns_at_once_and_records_come_in_partition_order(monkeypatch: MonkeyPatch) -> None:
    async def no_sleep(seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s after an empty poll")
    monkeypatch.setattr(usecase.anyio, "sleep", no_sleep)
    subscriber = subscriber_of(500)
    clock = Clock()
    monkeypatch.setattr(faststream_batch_poll, "monotonic", clock)
    consumer = Consumer(({}, 0.5), ({"p0": ["a", "b"], "p1": ["c"]}, 0.2), clock=clock)

    assert await poll(subscriber, consumer) == ()
    assert await poll(subscriber, consumer) == ("a", "b", "c")
    assert consumer.asked == [(BATCH_IDLE_POLL_MS, 500)] * 2  # waited for them: asks no more


async def test_records_found_waiting_are_joined_by_those_still_at_the_broker(monkeypatch: MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(faststream_batch_poll, "monotonic", clock)
    subscriber = subscriber_of(10)
    consumer = Consumer({"p0": ["a"], "p1": ["x"]}, ({"p0": ["b"], "p2": ["y"]}, 0.002), clock=clock)

    assert await poll(subscriber, consumer) == ("a", "x", "b", "y")
    assert consumer.asked == [(BATCH_IDLE_POLL_MS, 10), (BATCH_GATHER_MS, 8)]


async def test_without_a_batch_limit_the_second_ask_has_none_either(monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setattr(faststream_batch_poll, "monotonic", Clock())
    subscriber = subscriber_of(None)
    consumer = Consumer({"p0": ["a"]}, {"p0": ["b"]})

    assert await poll(subscriber, consumer) == ("a", "b")
    assert consumer.asked == [(BATCH_IDLE_POLL_MS, None), (BATCH_GATHER_MS, None)]


async def test_an_error_of_the_second_ask_comes_after_the_records_already_taken(monkeypatch: MonkeyPatch) -> None:
    # The first answer's records are behind the consumer's position: dropping them for the error would
    # let the next commit pass them unhandled.
    monkeypatch.setattr(faststream_batch_poll, "monotonic", Clock())
    subscriber = subscriber_of(10)
    refused = TopicAuthorizationFailedError()
    consumer = Consumer({"p0": ["a", "b"]}, refused, {"p0": ["c"]})

    assert await poll(subscriber, consumer) == ("a", "b")
    with pytest.raises(TopicAuthorizationFailedError) as raised:
        await poll(subscriber, consumer)
    assert raised.value is refused and len(consumer.asked) == 2  # raised before asking again
    assert await poll(subscriber, consumer) == ("c",)


async def test_an_empty_poll_asks_no_more_even_when_it_answered_at_once(monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setattr(faststream_batch_poll, "monotonic", Clock())
    subscriber = subscriber_of(10)
    consumer = Consumer({})

    assert await poll(subscriber, consumer) == ()
    assert len(consumer.asked) == 1


async def test_a_full_batch_asks_no_more(monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setattr(faststream_batch_poll, "monotonic", Clock())
    subscriber = subscriber_of(3)
    consumer = Consumer({"p0": ["a", "b"], "p1": ["c"]})

    assert await poll(subscriber, consumer) == ("a", "b", "c")
    assert len(consumer.asked) == 1


def test_the_installed_faststream_is_the_one_the_replacement_was_written_against() -> None:
    re_check = faststream_batch_poll.RE_CHECK
    assert faststream_batch_poll.fingerprint() == faststream_batch_poll.WRITTEN_AGAINST, re_check
    assert "self.get_msg(consumer)" in inspect.getsource(LogicSubscriber._run_consume_loop), re_check


def test_install_puts_the_poll_on_fastStreams_class_once(monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setattr(BatchSubscriber, "get_msg", faststream_batch_poll.REPLACED)
    faststream_batch_poll.install()
    assert BatchSubscriber.get_msg is poll
    faststream_batch_poll.install()  # a second broker of the process
    assert BatchSubscriber.get_msg is poll


def test_install_refuses_another_faststream_and_says_what_to_re_check(monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setattr(BatchSubscriber, "get_msg", faststream_batch_poll.REPLACED)
    monkeypatch.setitem(faststream_batch_poll.WRITTEN_AGAINST, "faststream", "0.7.7")
    with pytest.raises(RuntimeError, match="re-check shared/faststream_batch_poll.py"):
        faststream_batch_poll.install()
    assert BatchSubscriber.get_msg is faststream_batch_poll.REPLACED
