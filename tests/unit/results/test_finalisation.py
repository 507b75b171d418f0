"""The rules of finalising an edition (services/results/domain/finalisation.py)."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.results.domain.finalisation import NotReady, ReasonRequired, forced_because, is_late, require_reason

JUDGED: list[dict[str, Any]] = [{"status": "accepted", "judges": 3}, {"status": "accepted", "judges": 4},
                                {"status": "rejected"}]
SHORT: list[dict[str, Any]] = [*JUDGED, {"status": "accepted", "judges": 2}]


def test_a_fully_judged_edition_records_no_reason_even_when_forced() -> None:
    assert forced_because(JUDGED, 3, force=False, reason=None) is None
    assert forced_because(JUDGED, 3, force=True, reason="just in case") is None


def test_an_incompletely_judged_edition_needs_force_and_then_records_its_reason() -> None:
    with pytest.raises(NotReady, match="1 accepted nominations have fewer than 3"):
        forced_because(SHORT, 3, force=False, reason="not forced: not enough")
    assert forced_because(SHORT, 3, force=True, reason="deadline") == "deadline"
    assert forced_because(SHORT, 2, force=False, reason=None) is None  # the edition's quota decides


def test_force_needs_a_reason() -> None:
    with pytest.raises(ReasonRequired):
        require_reason(True, None)
    require_reason(False, None)


def test_a_standing_is_late_only_when_published_after_the_finalisation() -> None:
    at = datetime(2024, 2, 1, tzinfo=UTC)
    assert is_late(at + timedelta(microseconds=1), at) and not is_late(at, at) and not is_late(at, None)
