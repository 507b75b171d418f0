"""Rounds that compute only what changed give every standing ``category_standings`` gives, after any
sequence of changes to a category (hypothesis), and compute again only the documents written since."""

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.scoring.domain.standings import category_standings
from services.scoring.service_layer.category_rounds import CategoryRounds
from services.scoring.service_layer.standing_forms import evidence_of
from shared.edition import load_edition

EDITION = load_edition(Path(__file__).parents[2] / "editions" / "2024-first.yaml")
CATEGORY = EDITION.category("digital-content")
CRITERIA = [c.code for c in CATEGORY.criteria]
AT = datetime(2023, 11, 1, tzinfo=timezone.utc)
METRICS = {"engagement_rate": 0.05, "reply_rate": 0.5, "median_reply_minutes": 30.0, "follower_growth": 0.1}

ids = st.sampled_from([f"n{i}" for i in range(8)])
change = st.one_of(
    st.tuples(st.just("add"), ids),
    st.tuples(st.just("vote"), ids),
    st.tuples(st.just("metrics"), ids, st.sampled_from([0.01, 0.05, 0.2])),
    st.tuples(st.just("jury"), ids, st.sampled_from(["j1", "j2"]), st.integers(0, 10)),
    st.tuples(st.just("reread"), ids),   # read back unchanged: a new object with the same content
    st.tuples(st.just("remove"), ids),   # no longer accepted
    st.tuples(st.just("nothing"),),
)


def document(nomination_id: str) -> dict[str, Any]:
    return {"_id": nomination_id, "country": "EG", "accepted_at": AT, "votes": 0}


def applied(docs: dict[str, dict[str, Any]], step: tuple) -> None:
    kind, *args = step
    if kind == "nothing":
        return
    nomination_id = args[0]
    if kind == "add":
        docs.setdefault(nomination_id, document(nomination_id))
        return
    if nomination_id not in docs:
        return
    doc = dict(docs[nomination_id])  # a written document comes back as a new object
    if kind == "vote":
        doc["votes"] += 1
    elif kind == "metrics":
        doc["metrics"] = {**METRICS, "engagement_rate": args[1]}
    elif kind == "jury":
        doc["jury"] = {**doc.get("jury", {}), args[1]: {"scores": {c: float(args[2]) for c in CRITERIA}}}
    elif kind == "remove":
        del docs[nomination_id]
        return
    docs[nomination_id] = doc


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(change, max_size=4), min_size=1, max_size=12))
def test_every_round_gives_the_whole_computation(rounds: list[list[tuple]]) -> None:
    docs: dict[str, dict[str, Any]] = {}
    memory = CategoryRounds()
    for steps in rounds:
        before = dict(docs)
        for step in steps:
            applied(docs, step)
        listed = sorted(docs.values(), key=lambda d: d["_id"])
        done = memory.compute(listed, CATEGORY, EDITION, None)
        assert done.standings == category_standings([evidence_of(d) for d in listed], CATEGORY, EDITION)
        untouched = [d for d in listed if before.get(d["_id"]) is d]
        if untouched and len(done.fresh) < len(listed):
            assert all(d not in done.fresh for d in untouched)  # computed again only what was written
        memory.remember(done)


def test_new_nominations_without_votes_or_metrics_are_the_only_ones_computed() -> None:
    docs = [document(f"n{i}") | {"votes": i} for i in range(5)]
    memory = CategoryRounds()
    memory.remember(memory.compute(docs, CATEGORY, EDITION, None))

    newcomer = document("n9")
    done = memory.compute(docs + [newcomer], CATEGORY, EDITION, None)
    assert done.fresh == [newcomer]

    voted = dict(docs[0], votes=1)  # the category's vote total moves every share
    everyone = [voted, *docs[1:], newcomer]
    assert memory.compute(everyone, CATEGORY, EDITION, None).fresh == everyone


def test_a_round_not_remembered_is_computed_whole_next_time() -> None:
    docs = [document(f"n{i}") for i in range(3)]
    memory = CategoryRounds()
    memory.remember(memory.compute(docs, CATEGORY, EDITION, None))
    memory.compute(docs + [document("n5")], CATEGORY, EDITION, None)  # the caller failed: not remembered

    assert len(memory.compute(docs, CATEGORY, EDITION, None).fresh) == 3
