"""Our batch subscribers poll without the sleep FastStream adds after an empty poll (shared/kafka.py).
The replacement lives on FastStream's class, so these tests pin both what it does and that FastStream's
consume loop still calls it: an upgrade that renames either fails here instead of silently adding the
sleep back."""

import inspect
from types import SimpleNamespace

from faststream.kafka.subscriber import usecase
from faststream.kafka.subscriber.usecase import BatchSubscriber, LogicSubscriber

import shared.kafka  # noqa: F401 - installs the poll


class Consumer:
    def __init__(self, *answers: dict) -> None:
        self.answers, self.asked = list(answers), []

    async def getmany(self, timeout_ms: int, max_records: int) -> dict:
        self.asked.append((timeout_ms, max_records))
        return self.answers.pop(0)


async def test_an_empty_poll_returns_at_once_and_records_come_in_partition_order(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    async def no_sleep(seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s after an empty poll")
    monkeypatch.setattr(usecase.anyio, "sleep", no_sleep)
    subscriber = SimpleNamespace(batch_timeout_ms=shared.kafka.BATCH_IDLE_POLL_MS, max_records=500)
    consumer = Consumer({}, {"p0": ["a", "b"], "p1": ["c"]})

    assert await BatchSubscriber.get_msg(subscriber, consumer) == ()
    assert await BatchSubscriber.get_msg(subscriber, consumer) == ("a", "b", "c")
    assert consumer.asked == [(shared.kafka.BATCH_IDLE_POLL_MS, 500)] * 2


def test_fastStreams_consume_loop_still_polls_through_get_msg() -> None:
    assert BatchSubscriber.get_msg is shared.kafka._poll
    assert "self.get_msg(" in inspect.getsource(LogicSubscriber._run_consume_loop)
