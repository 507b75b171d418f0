"""What judges and operators send over HTTP, as events (``service_layer.submissions``): ids derived from
what was sent, so a request sent again is the same event; a sheet's version is the time it was received."""

from datetime import timedelta

from services.scoring.service_layer import submissions

from . import given


def test_a_score_sheet_is_keyed_by_its_nomination_and_versioned_by_the_time_it_was_received() -> None:
    keyed = submissions.score_sheet("j-1", "a", given.SHEET, "clear", given.JUDGING)
    assert keyed.key == "a"
    assert keyed.event.data.version == int(given.JUDGING.timestamp() * 1000)
    assert (keyed.event.data.judge_id, keyed.event.data.scores, keyed.event.time) == ("j-1", given.SHEET,
                                                                                       given.JUDGING)
    again = submissions.score_sheet("j-1", "a", given.SHEET, "clear", given.JUDGING)
    later = submissions.score_sheet("j-1", "a", given.SHEET, "clear", given.JUDGING + timedelta(milliseconds=1))
    assert again.event.id == keyed.event.id, "the same request sent again is the same event"
    assert later.event.id != keyed.event.id and later.event.data.version == keyed.event.data.version + 1
    assert submissions.score_sheet("j-2", "a", given.SHEET, None, given.JUDGING).event.id != keyed.event.id


def test_a_recusal_is_keyed_by_its_judge_and_is_one_event_per_judge_and_nomination() -> None:
    keyed = submissions.recusal("j-1", "a", "a former employer")
    assert keyed.key == "j-1" and keyed.event.data.nomination_id == "a"
    assert submissions.recusal("j-1", "a", "said otherwise").event.id == keyed.event.id
    assert submissions.recusal("j-1", "b", "a former employer").event.id != keyed.event.id


def test_a_registration_is_keyed_by_its_judge_and_a_changed_one_is_a_new_event() -> None:
    registered = given.judge("j-1").data
    keyed = submissions.registration(registered)
    assert keyed.key == "j-1" and keyed.event.data == registered
    assert submissions.registration(registered.model_copy()).event.id == keyed.event.id
    moved = registered.model_copy(update={"categories": ["personalities"]})
    assert submissions.registration(moved).event.id != keyed.event.id
