import asyncio
import logging
from collections.abc import Callable

import pytest

from shared.rounds import LONGEST_PAUSE_S, PacedRounds, next_pause

log = logging.getLogger("test")


def test_a_round_longer_than_the_interval_is_followed_by_as_long_a_pause() -> None:
    assert next_pause(0.5, 0.1) == 0.5
    assert next_pause(0.5, 2.0) == 2.0  # at most half of the time spent recomputing
    assert next_pause(0.5, 40.0) == LONGEST_PAUSE_S, "a round that waited out an outage delays no longer"


async def until(condition: Callable[[], bool], timeout_s: float = 5.0) -> None:
    async with asyncio.timeout(timeout_s):
        while not condition():
            await asyncio.sleep(0.001)


async def test_an_idle_loop_waits_for_a_mark_and_then_starts_a_round_at_once() -> None:
    dirty: set[str] = set()
    done: list[set[str]] = []

    async def round() -> bool:
        due = set(dirty)
        dirty.clear()
        done.append(due)
        return bool(due)

    asked: list[int] = []

    def has_work() -> bool:
        asked.append(1)
        return bool(dirty)

    rounds = PacedRounds("boards", "test", round, interval_s=0.01, has_work=has_work, log=log)
    rounds.start()
    try:
        await until(lambda: bool(asked))
        await asyncio.sleep(0.1)
        # It looked for work once, found none, ran no round, and waits without looking again (no polling).
        assert rounds.rounds == 0 and len(asked) == 1
        dirty.add("2024-first")
        rounds.wake()
        await until(lambda: rounds.rounds == 1)
        assert done == [{"2024-first"}]
        assert len(asked) == 2, "the wake, not a poll, made it look again"
    finally:
        await rounds.stop()


async def test_a_failing_round_is_retried_and_the_loop_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    attempts: list[int] = []
    dirty = {"x"}

    async def round() -> bool:
        attempts.append(1)
        if len(attempts) < 3:
            raise ConnectionError("database away")
        dirty.clear()
        return True

    rounds = PacedRounds("standings", "test", round, interval_s=0.001, has_work=lambda: bool(dirty), log=log)
    rounds.start()
    try:
        await until(lambda: not dirty)
        assert len(attempts) == 3 and rounds.rounds == 3
        assert "the standings round failed" in caplog.text
    finally:
        await rounds.stop()


async def test_rounds_are_spaced_by_what_the_caller_says_its_readers_absorb() -> None:
    loop = asyncio.get_running_loop()
    started: list[float] = []

    async def round() -> bool:
        started.append(loop.time())
        return True

    rounds = PacedRounds("standings", "test", round, interval_s=0.001, has_work=lambda: True, log=log,
                         pause_after=lambda: 0.05)
    rounds.start()
    try:
        await until(lambda: len(started) >= 4)
    finally:
        await rounds.stop()
    gaps = [b - a for a, b in zip(started, started[1:], strict=False)]
    assert min(gaps) >= 0.045


async def test_drain_runs_rounds_until_nothing_is_dirty_and_a_failure_reaches_the_caller() -> None:
    dirty = {"a", "b", "c"}

    async def one_at_a_time() -> bool:
        dirty.discard(min(dirty))
        return True

    rounds = PacedRounds("boards", "test", one_at_a_time, interval_s=10, has_work=lambda: bool(dirty), log=log)
    await rounds.drain()
    assert not dirty and rounds.rounds == 3

    async def failing() -> bool:
        raise ConnectionError("database away")

    dirty.add("d")
    with pytest.raises(ConnectionError):
        await PacedRounds("boards", "test", failing, interval_s=10, has_work=lambda: True, log=log).drain()
    assert dirty == {"d"}

    async def idle() -> bool:
        return False

    with pytest.raises(RuntimeError, match="still dirty after 5 rounds"):
        await PacedRounds("boards", "test", idle, interval_s=10, has_work=lambda: True, log=log).drain(5)
