from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.scoring.domain.judges import Judge, Nominee, assigned_judges, conflict
from services.scoring.domain.jury import refusal
from shared.edition import load_edition
from shared.events.scoring import JudgeRegistered, JuryScoreSubmitted

EDITION = load_edition(Path(__file__).parents[3] / "editions" / "2024-first.yaml")
IN_JUDGING = datetime(2024, 1, 10, tzinfo=UTC)
CRITERIA = ["interaction", "participation", "transparency", "content-quality"]


def judge(judge_id: str = "j-jo", country: str = "JO", affiliations: tuple[str, ...] = ()) -> Judge:
    return Judge.of(JudgeRegistered(judge_id=judge_id, edition_id="2024-first", name="x", country=country,
                                    languages=["ar"], categories=["digital-content"],
                                    affiliations=list(affiliations)))


NOMINEE = Nominee.of("n1", "digital-content", "EG", "وزارة الاتصالات وتكنولوجيا المعلومات", "MCIT Egypt")


def sheet(values: dict[str, float]) -> JuryScoreSubmitted:
    return JuryScoreSubmitted(nomination_id="n1", judge_id="j-jo", scores=values, version=1)


def test_conflicts_are_detected_from_country_and_affiliation_spelled_any_way() -> None:
    assert conflict(judge(country="EG"), NOMINEE) == "CONFLICT_OWN_COUNTRY"
    assert conflict(judge(affiliations=("وزاره الاتصالات وتكنولوجيا المعلومات",)), NOMINEE) == "CONFLICT_AFFILIATION"
    assert conflict(judge(affiliations=("mcit egypt",)), NOMINEE) == "CONFLICT_AFFILIATION"
    assert conflict(judge(), NOMINEE) is None


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


def test_no_score_counts_after_finalisation_or_for_a_rejected_nomination() -> None:
    good = sheet(dict.fromkeys(CRITERIA, 5))
    finalised = refusal(good, IN_JUDGING, judge(), NOMINEE, True, False, EDITION, IN_JUDGING)
    rejected = refusal(good, IN_JUDGING, judge(), NOMINEE, False, False, EDITION, None)
    assert finalised is not None and finalised.code == "EDITION_FINALISED"
    assert rejected is not None and rejected.code == "NOMINATION_NOT_ACCEPTED"


def test_assignment_is_order_independent_conflict_free_and_balanced() -> None:
    panel = [judge(f"j{i}", country) for i, country in enumerate(["JO", "IQ", "AE", "SA", "TN", "MA", "EG"])]
    nominees = [Nominee.of(f"n{i}", "digital-content", "EG", f"جهة {i}", None) for i in range(600)]
    load: Counter[str] = Counter()
    for nominee in nominees:
        chosen = assigned_judges(nominee, panel, set(), 3)
        assert chosen == assigned_judges(nominee, list(reversed(panel)), set(), 3)
        assert len(chosen) == 3 and "j6" not in chosen  # j6 is Egyptian
        load.update(chosen)
    assert max(load.values()) / min(load.values()) < 1.3  # 300 each in expectation
    recused = assigned_judges(nominees[0], panel, {assigned_judges(nominees[0], panel, set(), 3)[0]}, 3)
    assert len(recused) == 3
