"""The scoring maths against the independent oracle, on randomised categories (hypothesis)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.scoring.domain.standing_formula import Evidence, category_standings
from shared.edition import load_edition
from tests.oracle import Raw, expected_standings

from .given import category_of

EDITION = load_edition(Path(__file__).parents[3] / "editions" / "2024-first.yaml")
CATEGORY = category_of(EDITION)
CRITERIA = [c.code for c in CATEGORY.criteria]
AT = datetime(2023, 11, 1, tzinfo=UTC)

score = st.integers(0, 20).map(lambda n: n / 2)
sheet = st.fixed_dictionaries(dict.fromkeys(CRITERIA, score))
metrics = st.fixed_dictionaries({
    "engagement_rate": st.sampled_from([0.01, 0.02, 0.05, 0.1]), "reply_rate": st.sampled_from([0.2, 0.5, 0.9]),
    "median_reply_minutes": st.sampled_from([5.0, 30.0, 240.0]), "follower_growth": st.sampled_from([-0.1, 0.0, 0.4])})
nomination = st.fixed_dictionaries({
    "jury": st.dictionaries(st.sampled_from(["j1", "j2", "j3", "j4", "j5"]), sheet, max_size=5),
    "metrics": st.none() | metrics, "votes": st.integers(0, 40)})


@settings(max_examples=150, deadline=None)
@given(st.lists(nomination, min_size=1, max_size=25))
def test_category_standings_agree_with_the_oracle(nominations: list[dict]) -> None:
    evidence, raw = [], Raw()
    for i, n in enumerate(nominations):
        nid = f"n{i:03d}"
        evidence.append(Evidence(nid, "EG", AT, jury=n["jury"], metrics=n["metrics"], votes=n["votes"]))
        raw.nominations[nid] = ("digital-content", "EG")
        raw.scores += [(nid, judge, 1, s) for judge, s in n["jury"].items()]
        raw.metrics += [(nid, "2023-12-01", n["metrics"])] if n["metrics"] else []
        raw.votes += [(f"{nid}-voter-{v}", nid) for v in range(n["votes"])]
    raw.judges = {f"j{k}": ("JO", {"digital-content"}) for k in range(1, 6)}

    ours = category_standings(evidence, CATEGORY, EDITION)
    oracle = expected_standings(raw, EDITION.model_dump(mode="json"), "digital-content")
    for nid, expected in oracle.items():
        got = ours[nid]
        assert got.standing == pytest.approx(expected["standing"], abs=1e-5)
        for part in ("jury", "metrics", "public"):
            assert (getattr(got, part) is None) == (expected[part] is None)
            if expected[part] is not None:
                assert getattr(got, part) == pytest.approx(expected[part], abs=1e-5)
        assert (got.judges, got.votes) == (expected["judges"], expected["votes"])


def test_the_worked_example_of_the_readme() -> None:
    a = Evidence("a", "EG", AT, jury={"j1": dict(zip(CRITERIA, [8, 7, 9, 6], strict=True))},
                 metrics={"engagement_rate": 0.05, "reply_rate": 0.8, "median_reply_minutes": 30,
                          "follower_growth": 0.2}, votes=30)
    b = Evidence("b", "JO", AT, metrics={"engagement_rate": 0.02, "reply_rate": 0.9,
                                         "median_reply_minutes": 60, "follower_growth": 0.1}, votes=10)
    standings = category_standings([a, b], CATEGORY, EDITION)
    assert (standings["a"].jury, standings["a"].metrics, standings["a"].public) == (76.0, 60.0, 75.0)
    assert standings["a"].standing == 71.85
    assert standings["b"].missing == ["jury"] and standings["b"].standing == 13.75


def test_zscore_normalisation_lets_a_harsh_judge_weigh_like_the_others() -> None:
    from services.scoring.domain.jury import judge_scales, normalised
    kind = {"k": dict(zip(CRITERIA, [8.0, 9.0, 8.0, 9.0], strict=True))}
    harsh = {"h": dict(zip(CRITERIA, [2.0, 3.0, 2.0, 3.0], strict=True))}
    scales, whole = judge_scales([kind, harsh])
    assert scales["k"].mean == 8.5 and scales["h"].mean == 2.5 and whole.mean == 5.5
    # Each judge's best mark is one of their own standard deviations above their mean: after
    # normalisation both become the same mark on the whole jury's scale.
    kind_best = normalised(kind, scales, whole)["k"]["participation"]
    assert kind_best == normalised(harsh, scales, whole)["h"]["participation"]
    zscore = EDITION.model_copy(update={"jury_normalisation": "zscore"})
    a = Evidence("a", "EG", AT, jury=kind)
    b = Evidence("b", "EG", AT, jury=harsh)
    plain = category_standings([a, b], CATEGORY, EDITION)
    fair = category_standings([a, b], CATEGORY, zscore, judge_scales([kind, harsh]))
    assert plain["a"].jury is not None and plain["b"].jury is not None and plain["a"].jury > plain["b"].jury
    assert fair["a"].jury == pytest.approx(fair["b"].jury)
