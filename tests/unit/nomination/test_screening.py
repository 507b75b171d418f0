from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from services.nomination.domain.duplicates import nominee_keys
from services.nomination.domain.model import nomination_id
from services.nomination.service_layer.screening import screen_submissions
from shared.edition import load_edition
from shared.events.nomination import NominationSubmitted, NominationSubmittedEvent
from shared.transient import TransientFailure
from tests.unit.fakes.nomination import FakeNominationRegistry, FakeNomineeIndex

EDITION = load_edition(Path(__file__).parents[3] / "editions" / "2024-first.yaml")


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
        time=datetime(2023, 12, 1, tzinfo=UTC), data=NominationSubmitted.model_validate(data))


class Screening:
    def __init__(self) -> None:
        self.registry, self.index = FakeNominationRegistry(), FakeNomineeIndex()

    async def __call__(self, event: NominationSubmittedEvent, edition: Any = EDITION) -> Any:
        (outcome,) = await self.batch([event], edition)
        return outcome

    async def batch(self, events: list[NominationSubmittedEvent], edition: Any = EDITION) -> list[Any]:
        return await screen_submissions(events, lambda _: edition, self.registry, self.index)


def verdict(outcome: Any) -> tuple[str, str, list[str], str | None]:
    return (outcome.id, outcome.type, [r.code for r in getattr(outcome.data, "reasons", [])],
            getattr(outcome.data, "duplicate_of", None))


MIXED = [
    submitted("e-1", nominee={"kind": "entity", "name_ar": "هيئة الإمارات للهوية", "organisation_type": "authority"}),
    submitted("e-2", source="urn:ae:citizens", reference="X-9", nominee={
        "kind": "entity", "name_ar": "هيئة الامارات للهويه", "organisation_type": "authority"},
        accounts=[{"platform": "x", "url": "https://x.com/ica"}]),
    submitted("e-3", reference="B"),
    submitted("e-4", reference="C", nominee={"kind": "entity", "name_ar": "جهة أخرى", "organisation_type": "authority"},
              accounts=[{"platform": "instagram", "url": "https://instagram.com/@DHA/"}]),
    submitted("e-5", reference="D", accounts=[]),
    submitted("e-6", reference="B", country="LY"),
    submitted("e-7", source="urn:other", reference="E", category="societal-impact"),
    submitted("e-8", source="urn:other", reference="F", country="LY"),
]


async def test_the_outcome_is_keyed_and_identified_deterministically() -> None:
    outcome = await Screening()(submitted("e-1"))
    assert outcome.type.endswith("nomination.accepted.v1")
    assert outcome.data.nomination_id == nomination_id("urn:ae:portal", "AE-42")
    assert outcome.causationid == "e-1" and outcome.correlationid == "e-1"
    assert outcome.time == datetime(2023, 12, 1, tzinfo=UTC)


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


async def test_a_batch_is_screened_exactly_as_its_submissions_one_after_the_other() -> None:
    one_by_one = Screening()
    expected = [verdict(await one_by_one(event)) for event in MIXED]
    batch = Screening()
    assert [verdict(outcome) for outcome in await batch.batch(MIXED)] == expected
    assert batch.registry.stored == one_by_one.registry.stored
    assert batch.index.held == one_by_one.index.held
    assert {code for _, _, codes, _ in expected for code in codes} >= {"DUPLICATE_NOMINEE", "COUNTRY_NOT_PARTICIPATING"}


async def test_a_claim_won_meanwhile_by_another_process_makes_the_batch_screen_again() -> None:
    screen = Screening()
    first_look = screen.index.holders

    async def another_process_claims_after_our_look(keys: Any) -> dict[str, str]:
        held = await first_look(keys)
        screen.index.held.setdefault(nominee_keys(MIXED[2].data).primary, "other-process")
        return held

    screen.index.holders = another_process_claims_after_our_look  # type: ignore[method-assign]  # another process, between look and claim
    with pytest.raises(TransientFailure):
        await screen.batch([MIXED[2]])
    assert screen.registry.stored == {}  # nothing stored before its claim is won
    screen.index.holders = first_look  # type: ignore[method-assign]  # another process, between look and claim
    (again,) = await screen.batch([MIXED[2]])
    assert verdict(again)[2:] == (["DUPLICATE_NOMINEE"], "other-process")
