"""The daily digest's rules: the local day an event counts for, when its digest is due, and its id."""

from datetime import UTC, date, datetime

from services.notification.domain.digest import digest_due, digest_notice, local_day

NOW = datetime(2024, 3, 10, 9, 0, tzinfo=UTC)


def test_a_digest_is_due_at_the_digest_hour_of_the_next_local_day() -> None:
    late_evening = datetime(2024, 3, 9, 21, 30, tzinfo=UTC)  # 00:30 on the 10th in Riyadh
    assert local_day(late_evening, "Asia/Riyadh") == date(2024, 3, 10)
    assert local_day(late_evening, "UTC") == date(2024, 3, 9)
    day = date(2024, 3, 9)
    assert not digest_due(day, "Asia/Riyadh", 8, datetime(2024, 3, 10, 4, 59, tzinfo=UTC))
    assert digest_due(day, "Asia/Riyadh", 8, datetime(2024, 3, 10, 5, 0, tzinfo=UTC))


def test_a_late_item_makes_a_second_digest_rather_than_vanishing() -> None:
    one = {"item_id": "a", "kind": "k", "subject": "s", "time": NOW}
    two = {**one, "item_id": "b"}
    first = digest_notice("office", date(2024, 3, 9), [one], NOW)
    assert digest_notice("office", date(2024, 3, 9), [one], NOW).event_id == first.event_id
    assert digest_notice("office", date(2024, 3, 9), [two], NOW).event_id != first.event_id
