from datetime import datetime, timezone
from pathlib import Path

from services.nomination.domain.model import nomination_id
from services.nomination.service_layer.screening import screen_submission
from shared.edition import load_edition
from shared.events.nomination import NominationSubmitted, NominationSubmittedEvent
from tests.unit.fakes import FakeNominationRegistry

EDITION = load_edition(Path(__file__).parents[2] / "editions" / "2024-first.yaml")


def submitted(event_id: str, country: str = "AE", source: str = "urn:ae:portal") -> NominationSubmittedEvent:
    return NominationSubmittedEvent(
        id=event_id, source=source, type=NominationSubmittedEvent.event_type,
        time=datetime(2023, 12, 1, tzinfo=timezone.utc),
        data=NominationSubmitted(
            reference="AE-42", edition_id="2024-first", category="digital-content", country=country,
            nominee={"kind": "entity", "name_ar": "هيئة الصحة", "name_en": "Health Authority"},
            accounts=[{"platform": "instagram", "url": "https://www.instagram.com/dha"}]),
    )


async def test_the_outcome_is_keyed_and_identified_deterministically() -> None:
    registry = FakeNominationRegistry()
    outcome = await screen_submission(submitted("e-1"), EDITION, registry)
    assert outcome.type.endswith("nomination.accepted.v1")
    assert outcome.data.nomination_id == nomination_id("urn:ae:portal", "AE-42")
    assert outcome.causationid == "e-1" and outcome.correlationid == "e-1"
    assert outcome.time == datetime(2023, 12, 1, tzinfo=timezone.utc)


async def test_resending_the_same_reference_republishes_the_first_outcome() -> None:
    registry = FakeNominationRegistry()
    first = await screen_submission(submitted("e-1"), EDITION, registry)
    # Re-sent later with a changed country: the first screening stands, with the same event id.
    again = await screen_submission(submitted("e-2", country="LY"), EDITION, registry)
    assert again.id == first.id
    assert again.type == first.type
    assert len(registry.stored) == 1


async def test_the_same_reference_from_another_source_is_another_nomination() -> None:
    registry = FakeNominationRegistry()
    a = await screen_submission(submitted("e-1"), EDITION, registry)
    b = await screen_submission(submitted("e-2", source="urn:other"), EDITION, registry)
    assert a.data.nomination_id != b.data.nomination_id
