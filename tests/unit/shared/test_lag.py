"""``shared.lag``'s watch: each measurement sets ``awards_consumer_lag``, a failed one is logged and the
next still runs, and the watch ends with the task that runs it. ``lag_of`` itself reads a real broker
(``infra.lag`` and the chaos cases use it); here it gives answers the test chooses."""

import asyncio

import pytest
from prometheus_client import REGISTRY

from shared import lag
from shared.lag import Lag, lag_watch
from shared.periodic import Periodic

GROUP, TOPIC = "awards-scoring", "awards.nominations.accepted"
READS = {GROUP: [TOPIC]}


def gauge(service: str, partition: int) -> float | None:
    return REGISTRY.get_sample_value("awards_consumer_lag", {
        "service": service, "group": GROUP, "topic": TOPIC, "partition": str(partition)})


def answering(monkeypatch: pytest.MonkeyPatch, *answers: list[Lag] | Exception) -> list[int]:
    """Makes ``lag_of`` give ``answers`` in turn (the last one from then on); returns its call count."""
    calls = [0]

    async def lag_of(kafka: dict[str, object], reads: dict[str, list[str]]) -> list[Lag]:
        assert reads == READS
        answer = answers[min(calls[0], len(answers) - 1)]
        calls[0] += 1
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(lag, "lag_of", lag_of)
    return calls


async def ticked(watch: Periodic, ticks: int) -> None:
    async with asyncio.timeout(5):
        while watch.ticks < ticks:
            await asyncio.sleep(0.001)


def test_a_partition_committed_past_its_end_is_not_behind() -> None:
    assert Lag(GROUP, TOPIC, 0, committed=7, end=10).behind == 3
    assert Lag(GROUP, TOPIC, 0, committed=12, end=10).behind == 0


async def test_a_measurement_sets_the_gauge_of_every_partition(monkeypatch: pytest.MonkeyPatch) -> None:
    answering(monkeypatch, [Lag(GROUP, TOPIC, 0, 3, 10), Lag(GROUP, TOPIC, 1, 5, 5)])
    watch = lag_watch("lag-measured", {}, READS, interval_s=60)
    watch.start()
    try:
        await ticked(watch, 1)
    finally:
        await watch.stop()
    assert (gauge("lag-measured", 0), gauge("lag-measured", 1)) == (7, 0)


async def test_a_failed_measurement_is_logged_and_the_next_one_runs(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    calls = answering(monkeypatch, ConnectionError("Kafka away"), [Lag(GROUP, TOPIC, 0, 0, 4)])
    watch = lag_watch("lag-recovered", {}, READS, interval_s=0.001)
    watch.start()
    try:
        await ticked(watch, 1)
    finally:
        await watch.stop()
    assert calls[0] >= 2 and gauge("lag-recovered", 0) == 4
    assert "could not measure consumer lag" in caplog.text and "Kafka away" in caplog.text
