"""What the last standings round of each category computed, so that the next one computes only what can
have changed.

A nomination's standing depends on its own evidence and on its category's totals (votes cast, the
percentile ranks of the nominations with metrics; see ``domain.standing_formula.standing_of``). A document kept
by ``OwnedDocuments`` carries the same stamp as last round unless it was written since, so: when the
totals, the edition and the normalisation are as last time, only the documents with another stamp (or
none: not kept in memory) are computed again, and every other standing is last round's, as
``category_standings`` would give it (tested against it). Otherwise the whole category is computed. A
new evidence-heavy round (a vote moves every share) therefore costs O(category); a round of new
nominations without votes or metrics costs O(new ones) plus one pass summing the category's votes.
Stamps are remembered, not documents: holding last round's objects kept a second copy of every
document written since (scoring's peak RSS at 20,000 nominations 142 → 280 MiB).

Contract: ``compute(docs, category, edition, scales, stamp_of)`` gives a ``CategoryRound`` whose
``standings`` are the category's and whose ``fresh`` documents are those computed this time; the caller handles
``fresh`` and then calls ``remember(round)``. A round not remembered (the caller failed) is computed
whole again next time, so nothing computed is skipped before it was handled.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shared.edition import Category, Edition

from ..domain.jury import Scale
from ..domain.standing_formula import CategoryTotals, Evidence, Standing, category_totals, standing_of
from .standing_forms import evidence_of


@dataclass
class CategoryRound:
    key: tuple[str, str]
    edition: Edition
    totals: CategoryTotals
    stamps: dict[str, int | None]
    standings: dict[str, Standing]
    fresh: list[dict[str, Any]]


class CategoryRounds:
    def __init__(self) -> None:
        self._evidence: dict[str, tuple[int, Evidence]] = {}
        self._last: dict[tuple[str, str], CategoryRound] = {}

    def compute(self, docs: list[dict[str, Any]], category: Category, edition: Edition,
                scales: tuple[dict[str, Scale], Scale] | None,
                stamp_of: Callable[[str], int | None]) -> CategoryRound:
        key = (edition.id, category.code)
        stamps = {doc["_id"]: stamp_of(doc["_id"]) for doc in docs}
        evidence = {doc["_id"]: self._evidence_of(doc, stamps[doc["_id"]]) for doc in docs}
        totals = category_totals(list(evidence.values()), edition)
        last = self._last.pop(key, None)  # back only once this round is remembered
        if scales is None and last is not None and last.edition is edition and last.totals == totals:
            fresh = [doc for doc in docs
                     if stamps[doc["_id"]] is None or last.stamps.get(doc["_id"]) != stamps[doc["_id"]]]
            known = last.standings
        else:
            fresh, known = docs, {}
        computed = {doc["_id"]: standing_of(evidence[doc["_id"]], totals, category, edition, scales) for doc in fresh}
        standings = {doc["_id"]: computed.get(doc["_id"]) or known[doc["_id"]] for doc in docs}
        return CategoryRound(key, edition, totals, stamps, standings, fresh)

    def remember(self, done: CategoryRound) -> None:
        self._last[done.key] = done

    def forget(self, keys: list[tuple[str, str]]) -> None:
        """These categories' next rounds compute them whole."""
        for key in keys:
            self._last.pop(key, None)

    def totals(self, key: tuple[str, str], edition: Edition) -> CategoryTotals | None:
        """The totals the category's last remembered round computed under this edition (None while a
        round computes it)."""
        last = self._last.get(key)
        return last.totals if last is not None and last.edition is edition else None

    def _evidence_of(self, doc: dict[str, Any], stamp: int | None) -> Evidence:
        cached = self._evidence.get(doc["_id"])
        if stamp is None or cached is None or cached[0] != stamp:
            evidence = evidence_of(doc)
            if stamp is not None:
                self._evidence[doc["_id"]] = (stamp, evidence)
            return evidence
        return cached[1]
