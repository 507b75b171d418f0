import pytest
from pydantic import ValidationError

from shared import topics
from shared.events.catalogue import CATALOGUE, adapter, all_events
from shared.events.envelope import TYPE_PREFIX, derived_id

ACCEPTED = {
    "specversion": "1.0", "id": "e-1", "source": "urn:x", "time": "2023-11-15T10:00:00Z",
    "type": "org.socialgov.awards.nomination.accepted.v1",
    "data": {"nomination_id": "n-1", "reference": "r", "submitted_by": "urn:x",
             "edition_id": "2024-first", "category": "digital-content", "country": "EG",
             "nominee": {"kind": "entity", "name_ar": "هيئة"}, "accounts": []},
}


def test_every_event_type_is_versioned_and_unique() -> None:
    types = [model.event_type for model in all_events()]
    assert len(types) == len(set(types))
    assert all(t.startswith(TYPE_PREFIX) and t.rsplit(".", 1)[1] == "v1" for t in types)


def test_every_topic_of_the_registry_has_its_events() -> None:
    assert set(CATALOGUE) == set(topics.ALL)


def test_a_topic_union_picks_the_model_by_type() -> None:
    screened = adapter(topics.NOMINATIONS_SCREENED)
    event = screened.validate_python(ACCEPTED)
    assert type(event).__name__ == "NominationAcceptedEvent"
    rejected = {**ACCEPTED, "type": "org.socialgov.awards.nomination.rejected.v1"}
    with pytest.raises(ValidationError, match="reasons"):
        screened.validate_python(rejected)


@pytest.mark.parametrize("change", [
    {"type": "org.socialgov.awards.nomination.accepted.v2"},  # unknown version
    {"specversion": "0.3"},
    {"time": "yesterday"},
    {"id": ""},
])
def test_an_envelope_that_breaks_the_contract_is_refused(change: dict) -> None:
    with pytest.raises(ValidationError):
        adapter(topics.NOMINATIONS_SCREENED).validate_python({**ACCEPTED, **change})


def test_derived_ids_are_deterministic_and_distinct() -> None:
    assert derived_id("screened", "n-1") == derived_id("screened", "n-1")
    assert derived_id("screened", "n-1") != derived_id("screened", "n-2")
    assert derived_id("a", "bc") != derived_id("ab", "c")
