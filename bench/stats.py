"""Summaries of repeated measurements: medians with their spread, and latency percentiles."""

import math
import statistics
from collections.abc import Sequence


def spread(values: Sequence[float]) -> dict[str, float | int]:
    """Median and min–max of the runs of one step."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: a value that was observed, never an interpolation between two."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def latency_summary(latencies_s: Sequence[float]) -> dict[str, float | int]:
    ordered = sorted(latencies_s)
    return {"samples": len(ordered), "p50_ms": 1000 * percentile(ordered, 0.50),
            "p99_ms": 1000 * percentile(ordered, 0.99), "p999_ms": 1000 * percentile(ordered, 0.999),
            "max_ms": 1000 * ordered[-1] if ordered else math.nan}
