"""The sustainable-rate search on a modelled pipeline: a queue served at a fixed capacity, offered a
stream open loop, whose latencies are what the bench's probe would have measured."""

import pytest

from bench.sustainable import BACKLOG_ALLOWED_S, GROWTH_ALLOWED_S, Probe, growth_s, keeps_up, quarter_medians, search

SERVICE_S = 0.1  # latency of a nomination that never waits


def stream_latencies(rate: float, capacity: float, seconds: float = 20.0) -> list[float]:
    """Each nomination's latency when sent at ``i / rate`` into a pipeline handling ``capacity`` a second."""
    latencies, free_at = [], 0.0
    for i in range(int(rate * seconds)):
        sent = i / rate
        free_at = max(free_at, sent) + 1 / capacity
        latencies.append(free_at - sent + SERVICE_S)
    return latencies


def modelled(capacity: float) -> tuple[Probe, list[float]]:
    """A probe of the modelled pipeline, and the rates it was offered."""
    offered: list[float] = []

    async def probe(rate: float) -> list[float]:
        offered.append(rate)
        return stream_latencies(rate, capacity)

    return probe, offered


def test_a_flat_stream_keeps_up_and_a_growing_one_does_not() -> None:
    assert growth_s([0.2] * 100) == 0 and keeps_up([0.2] * 100)
    assert keeps_up(stream_latencies(rate=95, capacity=100))
    assert not keeps_up(stream_latencies(rate=110, capacity=100))  # 10 % over: ~1 s more per 10 s


def test_the_growth_allowed_separates_about_five_percent_over_capacity() -> None:
    assert growth_s(stream_latencies(rate=103, capacity=100)) < GROWTH_ALLOWED_S
    assert growth_s(stream_latencies(rate=107, capacity=100)) > GROWTH_ALLOWED_S


def test_a_probe_too_short_to_judge_is_refused_not_taken_for_keeping_up() -> None:
    with pytest.raises(ValueError, match="cannot be judged"):
        keeps_up([0.1] * 39)
    assert keeps_up([0.1] * 40)


def test_a_stream_seconds_behind_does_not_keep_up_even_while_catching_up() -> None:
    # Fell 8 s behind, then its batches grew with the backlog and it caught up to 6 s: not growing.
    catching_up = [1.0] * 100 + [8.0] * 100 + [7.0] * 100 + [6.0] * 100
    assert growth_s(catching_up) < 0 and not keeps_up(catching_up)
    # Two seconds behind, then back under one by its last quarter (a bench run's probe at 176/s).
    caught_up = [1.46] * 100 + [1.96] * 100 + [0.84] * 100 + [0.82] * 100
    assert growth_s(caught_up) < 0 and not keeps_up(caught_up)
    assert keeps_up([0.5] * 100 + [0.61] * 100 + [0.95] * 100 + [0.62] * 100)  # under a second throughout
    assert keeps_up([1.5] * 100 + [0.3] * 300)  # the first quarter holds the services' first batches
    assert not keeps_up([0.3] * 300 + [1.1] * 100)  # the last quarter counts as much as the others
    steady_but_slow = [BACKLOG_ALLOWED_S + 0.2] * 400
    assert growth_s(steady_but_slow) == 0 and not keeps_up(steady_but_slow)


def test_quarter_medians_follow_sending_order_and_the_last_takes_the_remainder() -> None:
    assert quarter_medians([1] * 10 + [2] * 10 + [3] * 10 + [4] * 10 + [9]) == [1, 2, 3, 4]


@pytest.mark.parametrize("capacity", [60.0, 120.0, 190.0])
async def test_the_search_lands_within_its_resolution_of_the_capacity(capacity: float) -> None:
    # Up to ~5 % over capacity grows less than the 0.5 s allowed in 20 s: such a rate counts as kept up.
    probe, offered = modelled(capacity)

    found = await search(probe, ceiling=230.0, probes=5, low_fraction=0.25)

    resolution = 230.0 * 0.75 / 2 ** 5
    assert found["verified"] and len(offered) == 5
    assert capacity - resolution <= found["per_s"] <= capacity * 1.06
    assert [p["offered_per_s"] for p in found["probes"]] == offered


async def test_when_no_probe_keeps_up_the_low_end_is_probed_and_reported_unverified() -> None:
    probe, offered = modelled(20.0)

    found = await search(probe, ceiling=200.0, probes=2, low_fraction=0.25)

    assert offered == [125.0, 87.5, 50.0]
    assert found["per_s"] == 50.0 and not found["verified"]


async def test_when_every_bisection_probe_falls_behind_a_low_end_that_keeps_up_is_the_answer() -> None:
    probe, offered = modelled(56.0)

    found = await search(probe, ceiling=230.0, probes=2, low_fraction=0.25)

    assert offered == [143.75, 100.625, 57.5]
    assert found["per_s"] == 57.5 and found["verified"]
