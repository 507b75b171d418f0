from pathlib import Path

import pytest

from services.scoring.domain.audit import audit, krippendorff_alpha
from shared.edition import load_edition

from .given import category_of

CATEGORY = category_of(load_edition(Path(__file__).parents[3] / "editions" / "2024-first.yaml"))
CRITERIA = [c.code for c in CATEGORY.criteria]


def sheet(level: float) -> dict[str, float]:
    return dict.fromkeys(CRITERIA, level)


def test_alpha_is_one_for_perfect_agreement_and_undefined_without_variation() -> None:
    assert krippendorff_alpha([[7, 7], [3, 3, 3], [9, 9]]) == pytest.approx(1.0)
    assert krippendorff_alpha([[5, 5], [5, 5]]) is None
    assert krippendorff_alpha([[5]]) is None


def test_alpha_matches_a_hand_computation() -> None:
    # units [1,2] and [3,5]: D_o = ((1)^2*2/1 + (2)^2*2/1)/4 = 2.5;
    # all values 1,2,3,5: mean squared difference over ordered pairs = 70*2/12 ... = 35/6;
    # alpha = 1 - 2.5 / (35/6) = 1 - 15/35 = 4/7.
    assert krippendorff_alpha([[1, 2], [3, 5]]) == pytest.approx(4 / 7)


def test_a_harsh_judge_is_flagged_and_a_split_panel_is_a_dispute() -> None:
    juries = {f"n{i}": {"fair-1": sheet(8), "fair-2": sheet(8), "harsh": sheet(5)} for i in range(4)}
    juries["split"] = {"fair-1": sheet(9), "fair-2": sheet(2)}
    report = audit(juries, CATEGORY)
    flagged = {j["judge_id"] for j in report["judges"] if j["flagged"]}
    assert flagged == {"harsh"}
    assert [d["nomination_id"] for d in report["disputed"]] == ["split"]
    assert report["krippendorff_alpha"] < 0.5
