"""The engagement component: each indicator ranked within the category, then weighted."""

from bisect import bisect_left, bisect_right
from collections.abc import Mapping

# Indicator → True when a higher value is better (a citizen waits less when reply time is lower).
HIGHER_IS_BETTER = {"engagement_rate": True, "reply_rate": True, "median_reply_minutes": False,
                    "follower_growth": True}


def percentile_ranks(values: Mapping[str, float], higher_is_better: bool) -> dict[str, float]:
    """Mid-rank percentile of each nomination's value among the category's: (worse + ½·equal) / n,
    so ties share a rank and a lone nomination sits at 0.5."""
    n = len(values)
    ordered = sorted(values.values())
    ranks = {}
    for nomination_id, value in values.items():
        below = _count_below(ordered, value)
        equal = _count_below(ordered, value, inclusive=True) - below
        worse = below if higher_is_better else n - below - equal
        ranks[nomination_id] = (worse + 0.5 * equal) / n
    return ranks


def _count_below(ordered: list[float], value: float, inclusive: bool = False) -> int:
    return (bisect_right if inclusive else bisect_left)(ordered, value)


def metrics_components(snapshots: Mapping[str, Mapping[str, float]], weights: Mapping[str, int]
                       ) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Per nomination: the 0–100 component and the percentile of each indicator."""
    per_indicator = {name: percentile_ranks({nid: s[name] for nid, s in snapshots.items()}, better)
                     for name, better in HIGHER_IS_BETTER.items()}
    total = sum(weights.values())
    components, details = {}, {}
    for nomination_id in snapshots:
        details[nomination_id] = {name: per_indicator[name][nomination_id] for name in HIGHER_IS_BETTER}
        components[nomination_id] = 100 * sum(weights[name] * details[nomination_id][name]
                                              for name in HIGHER_IS_BETTER) / total
    return components, details
