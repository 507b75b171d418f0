from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.nomination.domain.eligibility import screen
from shared.edition import load_edition
from shared.events.nomination import NominationSubmitted

EDITION = load_edition(Path(__file__).parents[3] / "editions" / "2024-first.yaml")
IN_INTAKE = datetime(2023, 11, 15, 10, tzinfo=UTC)


def nomination(**overrides: object) -> NominationSubmitted:
    values: dict[str, object] = {
        "reference": "R-1", "edition_id": "2024-first", "category": "digital-content",
        "country": "EG", "sector": "health",
        "nominee": {"kind": "entity", "name_ar": "وزارة المالية", "name_en": "Ministry of Finance",
                    "organisation_type": "ministry"},
        "accounts": [{"platform": "x", "url": "https://x.com/MOF_Egypt"}],
    }
    values.update(overrides)
    return NominationSubmitted.model_validate(values)


def codes(n: NominationSubmitted, at: datetime = IN_INTAKE) -> set[str]:
    return {reason.code for reason in screen(n, EDITION, at)}


def test_an_eligible_nomination_has_no_reasons() -> None:
    assert codes(nomination()) == set()


@pytest.mark.parametrize("country", ["EG", "JO", "IQ", "AE", "SA", "TN", "MA"])
def test_each_of_the_seven_countries_participates(country: str) -> None:
    assert codes(nomination(country=country)) == set()


def test_every_failure_is_reported_not_only_the_first() -> None:
    n = nomination(country="LY", category="sports",
                   accounts=[{"platform": "myspace", "url": "https://myspace.com/x"}])
    assert codes(n) == {"COUNTRY_NOT_PARTICIPATING", "CATEGORY_UNKNOWN", "NO_OFFICIAL_ACCOUNT"}


METRICS_BAD = {"followers": -1, "posts": 0, "engagement_rate": 0, "reply_rate": 0,
               "median_reply_minutes": 0, "follower_growth": 0}


def test_the_intake_window_is_judged_at_the_events_time_not_the_wall_clock() -> None:
    assert "INTAKE_CLOSED" in codes(nomination(), at=datetime(2024, 1, 2, tzinfo=UTC))
    assert "INTAKE_CLOSED" not in codes(nomination(), at=EDITION.windows.intake.closes)


def test_a_person_is_not_nominated_in_the_entities_category() -> None:
    person = {"kind": "person", "name_ar": "أحمد", "government_post": "وزير"}
    assert codes(nomination(nominee=person)) == {"NOMINEE_KIND_MISMATCH"}
    assert codes(nomination(nominee=person, category="personalities")) == set()


@pytest.mark.parametrize("url", [
    "http://x.com/MOF_Egypt",            # not https
    "https://x.com.evil.example/MOF",    # host only looks like the platform
    "https://facebook.com/MOF",          # another platform's host
    "https://[broken",                   # not a URL
])
def test_an_account_link_must_be_https_on_the_platforms_own_host(url: str) -> None:
    assert codes(nomination(accounts=[{"platform": "x", "url": url}])) == {"NO_OFFICIAL_ACCOUNT"}


def test_subdomains_of_the_platform_are_official() -> None:
    assert codes(nomination(accounts=[{"platform": "X", "url": "https://mobile.twitter.com/a"}])) == set()


def test_each_reason_speaks_arabic_and_english() -> None:
    for reason in screen(nomination(country="LY", category="x", accounts=[], metrics={**METRICS_BAD},
                                    nominee={"kind": "person", "name_ar": "س"}), EDITION, IN_INTAKE):
        assert reason.ar and reason.en and reason.code.isupper()


@pytest.mark.parametrize("nominee", [
    {"kind": "entity", "name_ar": "شركة خاصة", "organisation_type": "private-company"},
    {"kind": "entity", "name_ar": "جهة", "organisation_type": None},
])
def test_an_entity_must_be_of_a_government_kind(nominee: dict) -> None:
    assert codes(nomination(nominee=nominee)) == {"NOMINEE_NOT_GOVERNMENTAL"}


def test_a_person_must_hold_a_government_post() -> None:
    person = {"kind": "person", "name_ar": "سارة", "government_post": "  "}
    assert codes(nomination(nominee=person, category="personalities")) == {"NOMINEE_NOT_GOVERNMENTAL"}


METRICS = {"followers": 120_000, "posts": 900, "engagement_rate": 0.04, "reply_rate": 0.7,
           "median_reply_minutes": 45, "follower_growth": 0.3}


def test_plausible_metrics_pass_and_implausible_ones_are_named() -> None:
    assert codes(nomination(metrics=METRICS)) == set()
    bad = nomination(metrics={**METRICS, "reply_rate": 1.7, "followers": -5})
    reasons = screen(bad, EDITION, IN_INTAKE)
    assert [r.code for r in reasons] == ["METRICS_OUT_OF_RANGE"]
    assert "followers" in reasons[0].en and "reply_rate" in reasons[0].en


def test_an_unknown_edition_is_reported_alone() -> None:
    assert codes(nomination(edition_id="2030-x", country="LY")) == {"EDITION_UNKNOWN"}
    assert codes(nomination(), at=IN_INTAKE) == set()
