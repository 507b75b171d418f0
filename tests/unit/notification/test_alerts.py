"""Operators' alerts (domain/alerts.py): closing windows and dead letters; and every kind of notice
beyond single nominations (audit flags, podium changes, full juries, digests) rendered in both languages.
The digest's rules: test_digest.py and test_digests.py."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from services.notification.domain.alerts import DeadLetter, closing_windows, dead_letter_notice
from services.notification.domain.digest import digest_notice
from services.notification.domain.notices import Notice
from services.notification.domain.rendering import render
from shared.edition import Window, Windows, load_edition
from shared.events.envelope import new_event
from shared.events.milestones import (
    CategoryFullyScored,
    CategoryFullyScoredEvent,
    JuryAuditFlagged,
    JuryAuditFlaggedEvent,
    PodiumChanged,
    PodiumChangedEvent,
    PodiumPlace,
)
from tests.unit.notification.given import notice_of

NOW = datetime(2024, 3, 10, 9, 0, tzinfo=UTC)
FIRST = load_edition(Path(__file__).resolve().parents[3] / "editions" / "2024-first.yaml")
SRC = "urn:test"


def events() -> list[Any]:
    judge = JuryAuditFlagged(edition_id="2024-first", category="digital-content", flag="judge", judge_id="j-eg-01",
                             mean_deviation=-2.1)
    dispute = JuryAuditFlagged(edition_id="2024-first", category="digital-content", flag="dispute",
                               nomination_id="n-1", spread=5.5, marks={"j-1": 9.0, "j-2": 3.5})
    podium_changed = PodiumChanged(edition_id="2024-first", category="digital-content", change=2, previous=["n-2"],
                                   podium=[PodiumPlace(rank=1, nomination_id="n-1", name_ar="وزارة الصحة",
                                                       name_en=None, country="EG", standing=71.25)])
    scored = CategoryFullyScored(edition_id="2024-first", category="digital-content", nominations=12,
                                 judges_per_nomination=3)
    return [new_event(JuryAuditFlaggedEvent, judge, id="a1", source=SRC, time=NOW),
            new_event(JuryAuditFlaggedEvent, dispute, id="a2", source=SRC, time=NOW),
            new_event(PodiumChangedEvent, podium_changed, id="p1", source=SRC, time=NOW),
            new_event(CategoryFullyScoredEvent, scored, id="f1", source=SRC, time=NOW)]


def every_notice() -> list[Notice]:
    letter = DeadLetter("awards.votes.dlq", 0, 41, NOW, "not a valid votes event", "UnreadableEvent", "scoring",
                        "awards.votes")
    window = FIRST.model_copy(update={"windows": Windows(
        intake=Window(opens=NOW - timedelta(days=9), closes=NOW - timedelta(days=1)),
        judging=Window(opens=NOW - timedelta(days=1), closes=NOW + timedelta(hours=20)),
        voting=Window(opens=NOW - timedelta(days=1), closes=NOW + timedelta(days=30)))})
    items = [{"item_id": "x:1", "kind": "nomination.accepted", "subject": "قُبل ترشيح أ", "time": NOW},
             {"item_id": "x:2", "kind": "judging.rejected", "subject": "رُفضت درجة", "time": NOW}]
    return [*(notice_of(e) for e in events()), dead_letter_notice(letter), *closing_windows(window, NOW, [72, 24]),
            digest_notice("office", date(2024, 3, 9), items, NOW)]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_kind_renders_in_both_languages(language: str) -> None:
    notices = every_notice()
    assert {n.kind for n in notices} >= {"jury.audit.flagged", "category.podium.changed", "category.fully_scored",
                                         "dead_letter", "window.closing", "digest"}
    for notice in notices:
        message = render(notice, language, "Asia/Dubai", "https://results")
        assert message.subject and "\n" not in message.subject, notice.kind
        assert f'lang="{language}"' in message.html
    podium_ar = render(notice_of(events()[2]), "ar", "Asia/Dubai", "https://results")
    assert "وزارة الصحة" in podium_ar.subject and "71.25" in podium_ar.text


def test_a_closing_window_reminds_once_with_the_most_urgent_lead_and_local_time() -> None:
    [notice] = [n for n in every_notice() if n.kind == "window.closing"]
    assert notice.facts["window"] == "judging" and notice.facts["lead_h"] == 24
    later = closing_windows(FIRST.model_copy(update={"windows": Windows(
        intake=FIRST.windows.intake, judging=Window(opens=NOW - timedelta(days=1), closes=NOW + timedelta(hours=20)),
        voting=FIRST.windows.voting)}), NOW + timedelta(hours=1), [72, 24])
    assert [n.event_id for n in later] == [notice.event_id]  # the same reminder, not a second one
    text = render(notice, "en", "Asia/Dubai", "https://results").text
    assert "2024-03-11 09:00 (Asia/Dubai)" in text  # closes 05:00 UTC, shown in the recipient's zone
    assert closing_windows(FIRST, NOW, [72, 24]) == []  # the first edition's windows closed long ago


def test_dead_letters_of_one_topic_make_one_alert_per_hour() -> None:
    def letter(minutes: int, topic: str = "awards.votes.dlq") -> DeadLetter:
        return DeadLetter(topic, 0, minutes, NOW + timedelta(minutes=minutes), "bad", "UnreadableEvent", "scoring",
                          "awards.votes")
    ids = {dead_letter_notice(letter(m)).event_id for m in (0, 10, 59)}
    assert len(ids) == 1
    assert dead_letter_notice(letter(61)).event_id not in ids
    assert dead_letter_notice(letter(0, "awards.judging.scores.dlq")).event_id not in ids
