"""Rounds that compute only what changed give every standing ``category_standings`` gives, after any
sequence of changes to a category (hypothesis), and compute again only the documents written since
(told by their stamps, as ``OwnedDocuments`` gives them)."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.scoring.domain.standing_formula import category_standings
from services.scoring.service_layer.category_rounds import CategoryRounds
from services.scoring.service_layer.standing_forms import evidence_of
from shared.edition import load_edition

from .given import category_of

EDITION = load_edition(Path(__file__).parents[3] / "editions" / "2024-first.yaml")
CATEGORY = category_of(EDITION)
CRITERIA = [c.code for c in CATEGORY.criteria]
AT = datetime(2023, 11, 1, tzinfo=UTC)
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


class Kept:
    """Documents with the stamp of the refresh that last loaded each, as OwnedDocuments keeps them."""

    def __init__(self) -> None:
        self.docs: dict[str, dict[str, Any]] = {}
        self.stamps: dict[str, int] = {}
        self.refreshes = 0

    def put(self, doc: dict[str, Any]) -> None:
        self.refreshes += 1
        self.docs[doc["_id"]], self.stamps[doc["_id"]] = doc, self.refreshes

    def listed(self) -> list[dict[str, Any]]:
        return sorted(self.docs.values(), key=lambda d: d["_id"])


def applied(kept: Kept, step: tuple) -> None:
    kind, *args = step
    docs = kept.docs
    if kind == "nothing":
        return
    nomination_id = args[0]
    if kind == "add":
        if nomination_id not in docs:
            kept.put(document(nomination_id))
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
        del docs[nomination_id], kept.stamps[nomination_id]
        return
    kept.put(doc)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(change, max_size=4), min_size=1, max_size=12))
def test_every_round_gives_the_whole_computation(rounds: list[list[tuple]]) -> None:
    kept, memory = Kept(), CategoryRounds()
    for steps in rounds:
        before = dict(kept.stamps)
        for step in steps:
            applied(kept, step)
        listed = kept.listed()
        done = memory.compute(listed, CATEGORY, EDITION, None, kept.stamps.get)
        assert done.standings == category_standings([evidence_of(d) for d in listed], CATEGORY, EDITION)
        untouched = [d for d in listed if before.get(d["_id"]) == kept.stamps[d["_id"]]]
        if untouched and len(done.fresh) < len(listed):
            assert all(d not in done.fresh for d in untouched)  # computed again only what was written
        memory.remember(done)


def test_new_nominations_without_votes_or_metrics_are_the_only_ones_computed() -> None:
    kept, memory = Kept(), CategoryRounds()
    for i in range(5):
        kept.put(document(f"n{i}") | {"votes": i})
    memory.remember(memory.compute(kept.listed(), CATEGORY, EDITION, None, kept.stamps.get))

    kept.put(newcomer := document("n9"))
    assert memory.compute(kept.listed(), CATEGORY, EDITION, None, kept.stamps.get).fresh == [newcomer]

    kept.put(dict(kept.docs["n0"], votes=1))  # the category's vote total moves every share
    assert memory.compute(kept.listed(), CATEGORY, EDITION, None, kept.stamps.get).fresh == kept.listed()


def test_documents_not_kept_in_memory_are_always_computed() -> None:
    kept, memory = Kept(), CategoryRounds()
    for i in range(3):
        kept.put(document(f"n{i}"))
    memory.remember(memory.compute(kept.listed(), CATEGORY, EDITION, None, lambda _: None))
    assert len(memory.compute(kept.listed(), CATEGORY, EDITION, None, lambda _: None).fresh) == 3


def test_a_round_not_remembered_is_computed_whole_next_time() -> None:
    kept, memory = Kept(), CategoryRounds()
    for i in range(3):
        kept.put(document(f"n{i}"))
    memory.remember(memory.compute(kept.listed(), CATEGORY, EDITION, None, kept.stamps.get))
    kept.put(document("n5"))
    memory.compute(kept.listed(), CATEGORY, EDITION, None, kept.stamps.get)  # the caller failed: not remembered

    assert len(memory.compute(kept.listed(), CATEGORY, EDITION, None, kept.stamps.get).fresh) == 4
