from collections import Counter

from infra.demo_nominations import demo_events
from shared.events.nomination import NominationSubmittedEvent
from tests.unit.test_screening import Screening


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
