"""The sustainable rate: the highest rate a steady stream of nominations can be offered at, open loop,
without the pipeline falling further behind the longer the stream goes on.

L4 is measured on a burst (a thousand nominations at once, handled in batches of hundreds, each batch
paying its database round trips and Kafka requests once). A stream arrives a few at a time and pays them
per few, so the burst rate bounds what a stream can be offered at without being one: a stream at 80 % of
it falls further behind the longer it runs. Sustainable throughput in the sense of
Karimov et al., "Benchmarking Distributed Stream Data Processing Systems" (ICDE 2018): the highest load
under which latency does not keep growing.

A probe offers one rate for ``probe_seconds`` on fresh services (the latency step's run); of its
nominations in sending order, cut in quarters, it keeps up when
- the median latency of the last quarter is at most ``GROWTH_ALLOWED_S`` above the second's: a pipeline
  that handles less than it is offered falls behind in proportion to the time elapsed (offered 5 % above
  what it handles, a nomination sent 10 s later waits ~0.5 s longer). The first quarter is left out
  here and below: it includes the services' first batches;
- and no quarter's median is above ``BACKLOG_ALLOWED_S``: near its burst rate the pipeline can fall
  seconds behind and then catch up, its batches growing with the backlog (8 s behind in the second
  quarter, 6 s in the last), which does not grow but is no stream flowing either. The last quarter alone
  is not enough: a probe 2.0 s behind in its second quarter can have caught up to 0.8 s by its last.

The search bisects between ``low_fraction`` × L4 and L4 with ``probes`` probes and answers the highest
rate seen keeping up. When none did, the low end is probed too; the answer then says whether it kept up.
"""

import statistics
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

GROWTH_ALLOWED_S = 0.5
BACKLOG_ALLOWED_S = 1.0
FEWEST_JUDGED = 40
"""Nominations a probe must have sent to be judged (ten a quarter): fewer say nothing either way."""


def quarter_medians(latencies_s: Sequence[float]) -> list[float]:
    """Median latency of each quarter of the nominations, in sending order."""
    if len(latencies_s) < FEWEST_JUDGED:
        raise ValueError(f"a probe of {len(latencies_s)} nominations cannot be judged (at least {FEWEST_JUDGED}): "
                         "offer it for longer (probe_seconds)")
    quarter = len(latencies_s) // 4
    return [statistics.median(latencies_s[i * quarter:(i + 1) * quarter]) for i in range(3)] + [
        statistics.median(latencies_s[3 * quarter:])]


def growth_s(latencies_s: Sequence[float]) -> float:
    """Median latency of the last quarter minus that of the second quarter."""
    return _growth(quarter_medians(latencies_s))


def keeps_up(latencies_s: Sequence[float]) -> bool:
    return _kept_up(quarter_medians(latencies_s))


def _growth(medians: list[float]) -> float:
    return medians[3] - medians[1]


def _kept_up(medians: list[float]) -> bool:
    return _growth(medians) <= GROWTH_ALLOWED_S and max(medians[1:]) <= BACKLOG_ALLOWED_S


Probe = Callable[[float], Awaitable[Sequence[float]]]
"""Offers a rate for the probe's length; answers each nomination's latency (seconds), in sending order."""


async def search(probe: Probe, ceiling: float, probes: int, low_fraction: float,
                 say: Callable[[str], None] = lambda text: None) -> dict[str, Any]:
    low, high = low_fraction * ceiling, ceiling
    tried: list[dict[str, Any]] = []

    async def offer(rate: float) -> bool:
        medians = quarter_medians(await probe(rate))
        tried.append({"offered_per_s": rate, "keeps_up": _kept_up(medians),
                      "quarters_p50_ms": [1000 * m for m in medians]})
        say(f"sustainable rate: {rate:.1f}/s {'keeps up' if tried[-1]['keeps_up'] else 'falls behind'} "
            f"(median latency by quarter: {', '.join(f'{m:.0f}' for m in tried[-1]['quarters_p50_ms'])} ms)")
        return tried[-1]["keeps_up"]

    for _ in range(probes):
        middle = (low + high) / 2
        if await offer(middle):
            low = middle
        else:
            high = middle
    verified = any(t["keeps_up"] for t in tried) or await offer(low)
    return {"per_s": low, "verified": verified, "ceiling_per_s": ceiling, "low_fraction": low_fraction,
            "growth_allowed_s": GROWTH_ALLOWED_S, "backlog_allowed_s": BACKLOG_ALLOWED_S, "probes": tried}
