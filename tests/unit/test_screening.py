from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from services.nomination.domain.model import nomination_id
from services.nomination.service_layer.screening import screen_submission
from shared.edition import load_edition
from shared.events.nomination import NominationSubmitted, NominationSubmittedEvent
from tests.unit.fakes import FakeNominationRegistry, FakeNomineeIndex

EDITION = load_edition(Path(__file__).parents[2] / "editions" / "2024-first.yaml")


def submitted(event_id: str, source: str = "urn:ae:portal", reference: str = "AE-42",
              **changes: Any) -> NominationSubmittedEvent:
    data: dict[str, Any] = {
        "reference": reference, "edition_id": "2024-first", "category": "digital-content",
        "country": "AE",
        "nominee": {"kind": "entity", "name_ar": "هيئة الصحة", "name_en": "Health Authority",
                    "organisation_type": "authority"},
        "accounts": [{"platform": "instagram", "url": "https://www.instagram.com/dha"}],
    }
    data.update(changes)
    return NominationSubmittedEvent(
        id=event_id, source=source, type=NominationSubmittedEvent.event_type,
        time=datetime(2023, 12, 1, tzinfo=timezone.utc), data=NominationSubmitted.model_validate(data))


class Screening:
    def __init__(self) -> None:
        self.registry, self.index = FakeNominationRegistry(), FakeNomineeIndex()

    async def __call__(self, event: NominationSubmittedEvent, edition: Any = EDITION) -> Any:
        return await screen_submission(event, edition, self.registry, self.index)


async def test_the_outcome_is_keyed_and_identified_deterministically() -> None:
    outcome = await Screening()(submitted("e-1"))
    assert outcome.type.endswith("nomination.accepted.v1")
    assert outcome.data.nomination_id == nomination_id("urn:ae:portal", "AE-42")
    assert outcome.causationid == "e-1" and outcome.correlationid == "e-1"
    assert outcome.time == datetime(2023, 12, 1, tzinfo=timezone.utc)


async def test_resending_the_same_reference_republishes_the_first_outcome() -> None:
    screen = Screening()
    first = await screen(submitted("e-1"))
    again = await screen(submitted("e-2", country="LY"))  # changed later: the first screening stands
    assert (again.id, again.type) == (first.id, first.type)
    assert len(screen.registry.stored) == 1


async def test_an_unknown_edition_is_the_only_reason_given() -> None:
    outcome = await Screening()(submitted("e-1"), edition=None)
    assert [r.code for r in outcome.data.reasons] == ["EDITION_UNKNOWN"]


async def test_a_hamza_variant_of_an_accepted_nominee_is_a_duplicate_and_counts_as_a_nominator() -> None:
    screen = Screening()
    first = await screen(submitted("e-1", nominee={
        "kind": "entity", "name_ar": "هيئة الإمارات للهوية", "organisation_type": "authority"}))
    second = await screen(submitted("e-2", source="urn:ae:citizens", reference="X-9", nominee={
        "kind": "entity", "name_ar": "هيئة الامارات للهويه", "organisation_type": "authority"},
        accounts=[{"platform": "x", "url": "https://x.com/ica"}]))
    assert [r.code for r in second.data.reasons] == ["DUPLICATE_NOMINEE"]
    assert second.data.duplicate_of == first.data.nomination_id
    assert screen.registry.stored[first.data.nomination_id].nominators == ("urn:ae:portal", "urn:ae:citizens")


async def test_an_english_name_or_an_account_handle_also_identifies_the_nominee() -> None:
    screen = Screening()
    await screen(submitted("e-1"))
    by_name = await screen(submitted("e-2", reference="B", nominee={
        "kind": "entity", "name_ar": "دائرة الصحة", "name_en": "  health   AUTHORITY ",
        "organisation_type": "authority"}, accounts=[{"platform": "x", "url": "https://x.com/other"}]))
    by_handle = await screen(submitted("e-3", reference="C", nominee={
        "kind": "entity", "name_ar": "جهة أخرى", "organisation_type": "authority"},
        accounts=[{"platform": "instagram", "url": "https://instagram.com/@DHA/"}]))
    assert by_name.data.duplicate_of and by_handle.data.duplicate_of


async def test_the_same_nominee_in_another_category_is_no_duplicate() -> None:
    screen = Screening()
    await screen(submitted("e-1"))
    other = await screen(submitted("e-2", reference="B", category="societal-impact"))
    assert other.type.endswith("accepted.v1")


async def test_a_duplicate_that_also_breaks_rules_reports_everything_but_is_not_counted() -> None:
    screen = Screening()
    first = await screen(submitted("e-1"))
    bad = await screen(submitted("e-2", source="urn:other", country="LY"))
    assert {r.code for r in bad.data.reasons} == {"COUNTRY_NOT_PARTICIPATING", "DUPLICATE_NOMINEE"}
    assert screen.registry.stored[first.data.nomination_id].nominators == ("urn:ae:portal",)


async def test_a_rejected_nominee_does_not_block_a_later_valid_nomination() -> None:
    screen = Screening()
    await screen(submitted("e-1", accounts=[]))  # rejected: no official account
    later = await screen(submitted("e-2", reference="B"))
    assert later.type.endswith("accepted.v1")
