import pytest

from shared.judging import judging_progress


def test_scores_above_the_quota_count_for_nothing() -> None:
    progress = judging_progress(3, [3, 5, 1, 0])
    assert (progress.accepted, progress.fully_judged, progress.jury_scores) == (4, 2, 7)
    assert progress.jury_scores_needed == 12
    assert progress.percent == 58.3
    assert not progress.complete


def test_a_category_is_complete_when_every_nomination_has_its_quota() -> None:
    assert judging_progress(2, [2, 4]).complete
    assert judging_progress(2, [2, 4]).percent == 100.0
    empty = judging_progress(3, [])
    assert empty.complete and empty.percent == 100.0 and empty.jury_scores_needed == 0


def test_a_quota_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        judging_progress(0, [1])
