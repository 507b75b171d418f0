"""Judges, conflicts of interest and the panel's workload (``domain.judges``)."""

from collections import Counter

from services.scoring.domain.judges import Judge, Nominee, assigned_judges, conflict
from shared.events.scoring import JudgeRegistered


def judge(judge_id: str = "j-jo", country: str = "JO", affiliations: tuple[str, ...] = ()) -> Judge:
    return Judge.of(JudgeRegistered(judge_id=judge_id, edition_id="2024-first", name="x", country=country,
                                    languages=["ar"], categories=["digital-content"],
                                    affiliations=list(affiliations)))


NOMINEE = Nominee.of("n1", "digital-content", "EG", "وزارة الاتصالات وتكنولوجيا المعلومات", "MCIT Egypt")


def test_conflicts_are_detected_from_country_and_affiliation_spelled_any_way() -> None:
    assert conflict(judge(country="EG"), NOMINEE) == "CONFLICT_OWN_COUNTRY"
    assert conflict(judge(affiliations=("وزاره الاتصالات وتكنولوجيا المعلومات",)), NOMINEE) == "CONFLICT_AFFILIATION"
    assert conflict(judge(affiliations=("mcit egypt",)), NOMINEE) == "CONFLICT_AFFILIATION"
    assert conflict(judge(), NOMINEE) is None


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
    first = assigned_judges(nominees[0], panel, set(), 3)[0]
    recused = assigned_judges(nominees[0], panel, {first}, 3)
    assert len(recused) == 3 and first not in recused
