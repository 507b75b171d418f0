import asyncio
import logging

import pytest
from prometheus_client import REGISTRY

from shared.periodic import Periodic

log = logging.getLogger("test")


async def test_a_step_runs_every_interval_and_survives_a_failing_one(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[int] = []

    async def step() -> None:
        calls.append(1)
        if len(calls) == 2:
            raise ConnectionError("mail server away")

    periodic = Periodic("reminders", 0.001, step, log=log, failure="reminders failed; trying again")
    periodic.start()
    try:
        async with asyncio.timeout(5):
            while periodic.ticks < 3:
                await asyncio.sleep(0.001)
    finally:
        await periodic.stop()
    assert len(calls) == 4  # three completed, one failed in between
    assert "reminders failed; trying again" in caplog.text


class _Counting:
    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self) -> None:
        self.calls += 1


async def test_wait_first_runs_no_step_before_the_first_interval() -> None:
    calls: list[int] = []

    async def step() -> None:
        calls.append(1)

    periodic = Periodic("retries", 0.2, step, log=log, failure="x", wait_first=True)
    eager = Periodic("clock", 0.2, step_without_wait := _Counting(), log=log, failure="x")
    periodic.start()
    eager.start()
    async with asyncio.timeout(5):
        while eager.ticks < 1:  # the same loop, started at the same moment, had time for a step
            await asyncio.sleep(0.001)
    await eager.stop()
    assert step_without_wait.calls == 1
    assert calls == []
    async with asyncio.timeout(5):
        while periodic.ticks < 1:
            await asyncio.sleep(0.01)
    await periodic.stop()
    assert calls == [1]


async def test_the_ticks_show_on_the_metrics_page() -> None:
    async def step() -> None:
        pass

    periodic = Periodic("digest-clock", 0.001, step, log=log, failure="x")
    periodic.expose("test-service")
    periodic.start()
    async with asyncio.timeout(5):
        while periodic.ticks < 3:
            await asyncio.sleep(0.001)
    await periodic.stop()
    shown = REGISTRY.get_sample_value("awards_periodic_ticks", {"service": "test-service", "name": "digest-clock"})
    assert shown == periodic.ticks >= 3


async def test_a_run_of_failures_logs_one_traceback_then_one_line_each_until_a_step_succeeds(
        caplog: pytest.LogCaptureFixture) -> None:
    outcomes = iter([ConnectionError("away"), ConnectionError("away"), ConnectionError("away"), None,
                     ConnectionError("again")])

    async def step() -> None:
        if (failure := next(outcomes, None)) is not None:
            raise failure

    periodic = Periodic("lag", 0.001, step, log=log, failure="could not measure consumer lag")
    periodic.start()
    async with asyncio.timeout(5):
        while periodic.ticks < 2:  # the success, and one after the last failure
            await asyncio.sleep(0.001)
    await periodic.stop()
    failures = [r for r in caplog.records if "could not measure consumer lag" in r.getMessage()]
    assert [r.exc_info is not None for r in failures] == [True, False, False, True]
    assert "(still)" in failures[1].getMessage()

