"""The engagement component (``domain.indicators``): each indicator ranked within the category, then
weighted."""

import pytest

from services.scoring.domain.indicators import HIGHER_IS_BETTER, metrics_components, percentile_ranks


def test_lower_reply_time_ranks_higher_and_ties_share_a_rank() -> None:
    ranks = percentile_ranks({"fast": 5.0, "slow": 300.0, "also-fast": 5.0}, higher_is_better=False)
    assert ranks["fast"] == ranks["also-fast"] > ranks["slow"]
    assert ranks == {"fast": pytest.approx(2 / 3), "also-fast": pytest.approx(2 / 3), "slow": pytest.approx(1 / 6)}
    assert percentile_ranks({"alone": 1.0}, higher_is_better=True) == {"alone": 0.5}


def test_the_component_weights_each_indicators_rank() -> None:
    best = {"engagement_rate": 0.1, "reply_rate": 0.9, "median_reply_minutes": 5.0, "follower_growth": 0.4}
    worst = {"engagement_rate": 0.01, "reply_rate": 0.1, "median_reply_minutes": 300.0, "follower_growth": 0.0}
    weights = dict.fromkeys(HIGHER_IS_BETTER, 25)
    components, details = metrics_components({"best": best, "worst": worst}, weights)
    assert details["best"] == dict.fromkeys(HIGHER_IS_BETTER, 0.75)  # better than one of two, plus half itself
    assert details["worst"] == dict.fromkeys(HIGHER_IS_BETTER, 0.25)
    assert components == {"best": 75.0, "worst": 25.0}
    only_engagement = {**dict.fromkeys(HIGHER_IS_BETTER, 0), "engagement_rate": 10}
    mixed = {**worst, "engagement_rate": 0.2}
    assert metrics_components({"best": best, "mixed": mixed}, only_engagement)[0]["mixed"] == 75.0
