import re
from collections import Counter

from infra.demo_nominations import demo_events
from shared.events.nomination import NominationSubmittedEvent
from shared.names import normalise_arabic, normalise_latin
from tests.unit.nomination.test_screening import Screening


def test_the_demo_is_deterministic_and_shaped_like_the_first_edition() -> None:
    events = list(demo_events())
    assert events == list(demo_events())
    categories = Counter(e["data"]["category"] for e in events)
    entities = [e for e in events if e["data"]["nominee"]["kind"] == "entity"]
    assert len(entities) >= 30 and categories["personalities"] >= 50
    assert categories["platforms-apps"] >= 3 and categories["societal-impact"] >= 3
    sectors = Counter(e["data"]["sector"] for e in entities if e["data"]["reference"].startswith("ENT"))
    assert sectors.most_common(1)[0][0] == "health"
    assert {e["data"]["country"] for e in events} >= {"EG", "JO", "IQ", "AE", "SA", "TN", "MA"}


async def test_every_demo_event_is_a_valid_submission_and_only_the_planted_mistakes_are_rejected() -> None:
    screen = Screening()
    rejected = {}
    for raw in demo_events():
        outcome = await screen(NominationSubmittedEvent.model_validate(raw))
        if outcome.type.endswith("rejected.v1"):
            rejected[outcome.data.reference] = [r.code for r in outcome.data.reasons]
    assert rejected == {"BAD-001": ["COUNTRY_NOT_PARTICIPATING"],
                        "BAD-002": ["NOMINEE_KIND_MISMATCH"],
                        "BAD-003": ["DUPLICATE_NOMINEE"]}


def test_every_demo_nominee_has_a_distinct_name_in_arabic_and_english() -> None:
    nominees = {e["data"]["reference"]: e["data"]["nominee"] for e in demo_events()}
    assert all(n.get("name_en") for n in nominees.values()), "every nominee is named in English too"
    named = [n for reference, n in nominees.items() if reference != "BAD-003"]  # the planted duplicate
    for language in ("name_ar", "name_en"):
        names = Counter(normalise_arabic(n[language]) if language == "name_ar" else normalise_latin(n[language])
                        for n in named)
        assert names.most_common(1)[0][1] == 1, names.most_common(3)


def test_demo_personalities_are_people_with_a_post_and_an_account_of_their_own() -> None:
    people = [e["data"] for e in demo_events() if e["data"]["nominee"]["kind"] == "person"]
    assert len(people) >= 50
    for person in people:
        nominee = person["nominee"]
        assert not re.search(r"\d", nominee["name_ar"] + nominee["name_en"]), nominee
        assert nominee["government_post"].strip(), nominee
        family = re.sub(r"[^a-z]", "", nominee["name_en"].casefold().split(" ", 1)[1])
        [account] = person["accounts"]
        handle = account["url"].rsplit("/", 1)[1]
        assert family in handle.casefold() and len(handle) <= 15, (nominee["name_en"], handle)
