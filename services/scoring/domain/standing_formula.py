"""The standing formula: the standings of one category, computed from the evidence alone. A pure
function, so a replay of the same evidence gives the same numbers bit for bit, and a test oracle can
recompute them independently (tests/unit/scoring/test_standing_formula.py).

standing = Σ weight × component / 100 over the components that have evidence (jury, metrics, public,
each 0–100); a component without evidence is listed in ``missing`` and adds nothing.
"""

from dataclasses import dataclass, field
from datetime import datetime

from shared.edition import Category, Edition

from .indicators import metrics_components
from .jury import Scale, complete_sheets, criterion_means, jury_component, normalised

DIGITS = 6


@dataclass(frozen=True)
class Evidence:
    """What scoring knows of one accepted nomination."""

    nomination_id: str
    country: str
    accepted_at: datetime
    jury: dict[str, dict[str, float]] = field(default_factory=dict)   # judge → criterion → 0–10
    metrics: dict[str, float] | None = None                          # indicator → latest value
    votes: int = 0


@dataclass(frozen=True)
class Standing:
    standing: float
    jury: float | None
    metrics: float | None
    public: float | None
    criteria: dict[str, float]
    indicators: dict[str, float]
    judges: int
    votes: int
    category_votes: int

    @property
    def missing(self) -> list[str]:
        return [name for name in ("jury", "metrics", "public") if getattr(self, name) is None]


@dataclass(frozen=True)
class CategoryTotals:
    """What every standing of a category shares: the votes cast in it, and each nomination's engagement
    component and indicator percentiles (ranked against the other nominations with metrics)."""

    votes: int
    metrics: dict[str, float]
    indicators: dict[str, dict[str, float]]


def category_totals(evidence: list[Evidence], edition: Edition) -> CategoryTotals:
    with_metrics = {e.nomination_id: e.metrics for e in evidence if e.metrics is not None}
    metrics, indicators = metrics_components(with_metrics, edition.indicator_weights.model_dump())
    return CategoryTotals(sum(e.votes for e in evidence), metrics, indicators)


def standing_of(e: Evidence, totals: CategoryTotals, category: Category, edition: Edition,
                scales: tuple[dict[str, Scale], Scale] | None = None) -> Standing:
    """One nomination's standing: its own evidence and its category's totals are all it depends on."""
    weights = edition.component_weights
    sheets = complete_sheets(e.jury, category)
    jury_marks = normalised(sheets, *scales) if scales and sheets else sheets
    means = criterion_means(jury_marks, category) if jury_marks else {}
    jury = jury_component(means, category) if jury_marks else None
    public = 100 * e.votes / totals.votes if totals.votes else None
    metric = totals.metrics.get(e.nomination_id)
    present = [(weights.jury, jury), (weights.metrics, metric), (weights.public, public)]
    return Standing(
        standing=_round(sum(w * c for w, c in present if c is not None) / 100),
        jury=_maybe_round(jury), metrics=_maybe_round(metric), public=_maybe_round(public),
        criteria={k: _round(v) for k, v in means.items()},
        indicators={k: _round(v) for k, v in totals.indicators.get(e.nomination_id, {}).items()},
        judges=len(sheets), votes=e.votes, category_votes=totals.votes,
    )


def category_standings(evidence: list[Evidence], category: Category, edition: Edition,
                       scales: tuple[dict[str, Scale], Scale] | None = None) -> dict[str, Standing]:
    """``scales`` (per judge, whole jury) turn on z-score normalisation of the marks."""
    totals = category_totals(evidence, edition)
    return {e.nomination_id: standing_of(e, totals, category, edition, scales)
            for e in sorted(evidence, key=lambda e: e.nomination_id)}


def _round(value: float) -> float:
    return round(value, DIGITS)


def _maybe_round(value: float | None) -> float | None:
    return None if value is None else _round(value)
