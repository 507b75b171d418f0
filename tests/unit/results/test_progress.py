"""Judging progress per category (services/results/domain/progress.py), counted with the edition's quota."""

from typing import Any

from services.results.domain.progress import progress_table

NOMINATIONS: list[dict[str, Any]] = [
    {"category": "a", "status": "accepted", "judges": 3}, {"category": "a", "status": "accepted", "judges": 1},
    {"category": "a", "status": "rejected"}, {"category": "b", "status": "accepted", "judges": 5}]


def test_judging_progress_counts_full_juries_and_missing_scores() -> None:
    assert progress_table(NOMINATIONS, 3) == [
        {"category": "a", "accepted": 2, "fully_judged": 1, "jury_scores": 4, "jury_scores_needed": 6,
         "percent": 66.7},
        {"category": "b", "accepted": 1, "fully_judged": 1, "jury_scores": 3, "jury_scores_needed": 3,
         "percent": 100.0}]


def test_the_quota_is_the_editions_own() -> None:
    [a, b] = progress_table(NOMINATIONS, 1)
    assert (a["fully_judged"], a["jury_scores_needed"], b["percent"]) == (2, 2, 100.0)
