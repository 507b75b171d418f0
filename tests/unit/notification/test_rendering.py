"""Staff email names what it tells about as people read it: the edition's names of the category, the
country and the sector in the email's language, never their codes; the codes where the edition is not
known."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.notification.domain.rendering import render
from services.notification.domain.subscriptions import Subscription
from services.notification.service_layer.delivery_entries import planned
from shared.edition import load_edition, name_of
from shared.events.envelope import new_event
from shared.events.lifecycle import Medal, WinnersAnnounced, WinnersAnnouncedEvent
from shared.events.milestones import PodiumChanged, PodiumChangedEvent, PodiumPlace
from shared.events.nomination import NominationAccepted, NominationAcceptedEvent
from tests.unit.notification.given import REJECTED, notice_of

FIRST = load_edition(Path(__file__).resolve().parents[3] / "editions" / "2024-first.yaml")
NOW = datetime(2024, 1, 10, 9, tzinfo=UTC)
ACCEPTED = new_event(NominationAcceptedEvent, NominationAccepted(
    nomination_id="n-1", reference="EG-1", submitted_by="urn:eg", edition_id="2024-first",
    category="digital-content", country="EG", sector="health", accounts=[],
    nominee={"kind": "entity", "name_ar": "وزارة الصحة والسكان", "name_en": "Ministry of Health and Population",
             "organisation_type": "ministry"}), id="ev-1", source="urn:test", time=NOW)
PODIUM = new_event(PodiumChangedEvent, PodiumChanged(
    edition_id="2024-first", category="digital-content", change=1, podium=[
        PodiumPlace(rank=1, nomination_id="n-1", name_ar="وزارة الصحة والسكان", name_en="Ministry of Health",
                    country="EG", standing=80.5),
        PodiumPlace(rank=2, nomination_id="n-2", name_ar="أمانة عمّان الكبرى", name_en="Greater Amman",
                    country="JO", standing=77.0)]), id="ev-2", source="urn:test", time=NOW)
WINNERS = new_event(WinnersAnnouncedEvent, WinnersAnnounced(edition_id="2024-first", finalised_at=NOW, winners=[
    Medal(category="personalities", rank=1, nomination_id="n-7", standing=90.0)]), id="ev-3", source="urn:test",
    time=NOW)
NAMES = {"ar": ("مصر", "المحتوى الرقمي للجهات الحكومية", "الصحة"),
         "en": ("Egypt", "Digital content of government entities", "Health")}
CODES = ("EG", "digital-content", "health")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_acceptance_names_the_country_category_and_sector_in_the_emails_language(language: str) -> None:
    message = render(notice_of(ACCEPTED), language, "Africa/Cairo", "https://results", FIRST)
    for shown in (message.text, message.html):
        assert all(name in shown for name in NAMES[language]), shown
        assert not any(code in shown for code in CODES), shown
    assert message.subject == {"ar": "قُبل ترشيح وزارة الصحة والسكان",
                               "en": "Nomination accepted: Ministry of Health and Population"}[language]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_podium_names_its_category_in_the_subject_and_each_country_in_the_body(language: str) -> None:
    message = render(notice_of(PODIUM), language, "Africa/Cairo", "https://results", FIRST)
    category = name_of(FIRST, "categories", "digital-content", language)
    assert category is not None and category in message.subject and "digital-content" not in message.subject
    countries = [name_of(FIRST, "countries", code, language) for code in ("EG", "JO")]
    assert all(name is not None and name in message.text for name in countries)
    assert "(EG)" not in message.text and "JO" not in message.text


def test_the_winners_are_listed_under_their_categorys_name() -> None:
    text = render(notice_of(WINNERS), "en", "UTC", "https://results", FIRST).text
    assert "- Prominent government personalities: rank 1" in text


def test_each_subscriber_is_named_things_in_their_own_language() -> None:
    office = Subscription(id="office", name="Office", email="office@x.org", language="ar")
    desk = Subscription(id="eg", name="Egypt desk", email="eg@x.org", language="en", countries=["EG"])
    arabic, english = (entry["message"] for entry in planned(notice_of(ACCEPTED), [office, desk], "https://r", FIRST))
    assert "مصر" in arabic["text"] and "Egypt" in english["text"]
    assert arabic["facts"]["country"] == "EG" and arabic["facts"]["sector"] == "health", "the facts keep codes"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_without_its_edition_an_email_shows_the_codes(language: str) -> None:
    unknown = ACCEPTED.model_copy(update={"data": ACCEPTED.data.model_copy(update={"sector": "space"})})
    for edition in (None, FIRST):
        text = render(notice_of(unknown), language, "UTC", "https://results", edition).text
        assert "space" in text  # a code the edition does not name
    text = render(notice_of(ACCEPTED), language, "UTC", "https://results").text
    assert all(code in text for code in CODES)


def test_the_english_rendering_of_a_rejection() -> None:
    message = render(notice_of(REJECTED), "en", "Africa/Tunis", "https://results/")
    assert message.subject == "Nomination rejected: بلدية تونس <الكبرى>"
    assert "Needs an account. (NO_OFFICIAL_ACCOUNT)" in message.text
    assert "https://results/nominations/n-9" in message.text
