"""A new nomination's first standing (service_layer/first_standings.py) is the one the next round would
compute for it, whatever its category held before (hypothesis, against ``category_standings``), and
none is given when that cannot be known. That the round after it then publishes nothing, on the real
server: tests/integration/test_first_standings.py."""

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.scoring.domain.standing_formula import category_standings
from services.scoring.service_layer.category_rounds import CategoryRounds
from services.scoring.service_layer.first_standings import first_standings
from services.scoring.service_layer.standing_forms import evidence_of, published_form
from shared.edition import load_edition
from shared.events.nomination import NominationAccepted
from shared.stored_time import as_stored

from .given import category_of

EDITION = load_edition(Path(__file__).parents[3] / "editions" / "2024-first.yaml")
CATEGORY = category_of(EDITION)
CRITERIA = [c.code for c in CATEGORY.criteria]
KEY = (EDITION.id, CATEGORY.code)
# Microseconds and another offset than UTC: the stored document holds neither.
AT = datetime(2023, 11, 1, 12, 0, 0, 123456, tzinfo=timezone(timedelta(hours=3)))
METRICS = {"engagement_rate": 0.05, "reply_rate": 0.5, "median_reply_minutes": 30.0, "follower_growth": 0.1}

evidence = st.fixed_dictionaries({}, optional={
    "votes": st.integers(0, 5),
    "metrics": st.sampled_from([0.01, 0.05, 0.2]).map(lambda rate: {**METRICS, "engagement_rate": rate}),
    "jury": st.dictionaries(st.sampled_from(["j1", "j2"]), st.integers(0, 10).map(
        lambda mark: {"scores": {c: float(mark) for c in CRITERIA}}), max_size=2),
})


def stored(nomination_id: str, **fields: Any) -> dict[str, Any]:
    return {"_id": nomination_id, "edition_id": EDITION.id, "category": CATEGORY.code, "country": "EG",
            "accepted_at": as_stored(AT), **fields}


def accepted(nomination_id: str) -> NominationAccepted:
    return NominationAccepted.model_validate({
        "nomination_id": nomination_id, "reference": nomination_id, "submitted_by": "urn:test",
        "edition_id": EDITION.id, "category": CATEGORY.code, "country": "EG",
        "nominee": {"kind": "entity", "name_ar": "هيئة", "name_en": "Authority", "organisation_type": "authority"},
        "accounts": [{"platform": "x", "url": "https://x.com/a"}]})


def remembered(docs: list[dict[str, Any]]) -> CategoryRounds:
    rounds = CategoryRounds()
    rounds.remember(rounds.compute(docs, CATEGORY, EDITION, None, lambda _: None))
    return rounds


@settings(max_examples=100, deadline=None)
@given(st.lists(evidence, max_size=6))
def test_the_first_standing_is_what_the_next_round_computes(held: list[dict[str, Any]]) -> None:
    docs = [stored(f"n{i}", **fields) for i, fields in enumerate(held)]
    rounds = remembered(docs)

    first = first_standings([(accepted("new"), AT)], lambda _: EDITION, lambda key: rounds.totals(key, EDITION),
                            absent=lambda _: True, now_ms=lambda: 42)

    everything = [*docs, stored("new")]
    expected = category_standings([evidence_of(d) for d in everything], CATEGORY, EDITION)["new"]
    assert first == {"new": (42, published_form(stored("new"), expected, EDITION, 1).model_dump(
        mode="json", exclude={"version"}))}


def test_none_is_given_when_it_cannot_be_known() -> None:
    rounds = remembered([stored("n0", votes=3)])

    def first(**overrides: Any) -> dict[str, Any]:
        given = {"edition_of": lambda _: EDITION, "totals_of": lambda key: rounds.totals(key, EDITION),
                 "absent": lambda _: True} | overrides
        return first_standings([(accepted("new"), AT)], **given)

    assert first()  # everything known
    assert not first(absent=lambda _: False), "scoring holds a document for it: it may have evidence"
    assert not first(totals_of=lambda _: None), "no round remembered, or the category marked since"
    assert not first(edition_of=lambda _: None), "an unknown edition"
    assert not CategoryRounds().totals(KEY, EDITION)
    assert not rounds.totals(KEY, EDITION.model_copy()), "the edition changed since the round"
