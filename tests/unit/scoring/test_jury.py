"""A jury score: whether it counts, and the z-score normalisation of the marks (``domain.jury``)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.scoring.domain.judges import Nominee
from services.scoring.domain.jury import judge_scales, normalised, refusal
from shared.edition import load_edition
from shared.events.scoring import JuryScoreSubmitted

from .test_judges import NOMINEE, judge

EDITION = load_edition(Path(__file__).parents[3] / "editions" / "2024-first.yaml")
IN_JUDGING = datetime(2024, 1, 10, tzinfo=UTC)
CRITERIA = ["interaction", "participation", "transparency", "content-quality"]


def sheet(values: dict[str, float]) -> JuryScoreSubmitted:
    return JuryScoreSubmitted(nomination_id="n1", judge_id="j-jo", scores=values, version=1)


@pytest.mark.parametrize(("values", "at", "recused", "code"), [
    (dict.fromkeys(CRITERIA, 5), IN_JUDGING, False, None),
    (dict.fromkeys(CRITERIA, 5), datetime(2024, 2, 1, tzinfo=UTC), False, "OUTSIDE_JUDGING_WINDOW"),
    (dict.fromkeys(CRITERIA, 5), IN_JUDGING, True, "JUDGE_RECUSED"),
    (dict.fromkeys(CRITERIA[:3], 5), IN_JUDGING, False, "CRITERIA_MISMATCH"),
    ({**dict.fromkeys(CRITERIA, 5), "charisma": 5}, IN_JUDGING, False, "CRITERIA_MISMATCH"),
    ({**dict.fromkeys(CRITERIA, 5), "interaction": -1}, IN_JUDGING, False, "SCORE_OUT_OF_RANGE"),
])
def test_refusals(values: dict, at: datetime, recused: bool, code: str | None) -> None:
    refused = refusal(sheet(values), at, judge(), NOMINEE, True, recused, EDITION, None)
    assert (refused.code if refused else None) == code


def test_a_judge_with_a_conflict_or_off_the_panel_is_refused() -> None:
    good = sheet(dict.fromkeys(CRITERIA, 5))
    own_country = refusal(good, IN_JUDGING, judge(country="EG"), NOMINEE, True, False, EDITION, None)
    assert own_country is not None and own_country.code == "CONFLICT_OWN_COUNTRY"
    other = Nominee.of("n2", "personalities", "EG", "هيئة", None)
    off_panel = refusal(good, IN_JUDGING, judge(), other, True, False, EDITION, None)
    assert off_panel is not None and off_panel.code == "NOT_ON_PANEL"


def test_no_score_counts_after_finalisation_or_for_a_rejected_nomination() -> None:
    good = sheet(dict.fromkeys(CRITERIA, 5))
    finalised = refusal(good, IN_JUDGING, judge(), NOMINEE, True, False, EDITION, IN_JUDGING)
    rejected = refusal(good, IN_JUDGING, judge(), NOMINEE, False, False, EDITION, None)
    assert finalised is not None and finalised.code == "EDITION_FINALISED"
    assert rejected is not None and rejected.code == "NOMINATION_NOT_ACCEPTED"


def test_zscore_normalisation_puts_each_judges_marks_on_the_whole_jurys_scale() -> None:
    kind = {"k": dict(zip(CRITERIA, [8.0, 9.0, 8.0, 9.0], strict=True))}
    harsh = {"h": dict(zip(CRITERIA, [2.0, 3.0, 2.0, 3.0], strict=True))}
    flat = {"f": dict.fromkeys(CRITERIA, 4.0)}
    scales, whole = judge_scales([kind, harsh])
    assert scales["k"].mean == 8.5 and scales["h"].mean == 2.5 and whole.mean == 5.5
    # Each judge's best mark is one of their own standard deviations above their mean: after
    # normalisation both become the same mark on the whole jury's scale.
    kind_best = normalised(kind, scales, whole)["k"]["participation"]
    assert kind_best == normalised(harsh, scales, whole)["h"]["participation"]
    flat_scales, flat_whole = judge_scales([kind, flat])
    assert normalised(flat, flat_scales, flat_whole)["f"] == dict.fromkeys(CRITERIA, flat_whole.mean), \
        "one mark everywhere sits at the jury's mean"
