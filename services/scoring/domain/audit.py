"""The statistical audit of a category's jury: does the panel agree, is any judge consistently harsher
or kinder than the others, which nominations do the judges disagree on? It flags, it never corrects.

Each judge's mark for a nomination is the criterion-weighted mean of the judge's scores (0–10).
Agreement is Krippendorff's alpha for interval data, which allows each nomination its own set of
judges: 1 is perfect agreement, 0 is what chance would give, below 0 is systematic disagreement.
"""

from dataclasses import dataclass
from statistics import mean, median, pstdev
from typing import Any

from shared.edition import Category

from .jury import complete_sheets

# A judge whose marks sit on average this far from the panel's median (on the 0–10 scale), over at
# least MIN_SHARED nominations, is flagged; so is a nomination whose marks span this much.
JUDGE_DEVIATION = 1.5
MIN_SHARED = 3
DISPUTE_SPREAD = 4.0


@dataclass(frozen=True)
class JudgeDeviation:
    judge_id: str
    mean_deviation: float
    shared_nominations: int
    flagged: bool


@dataclass(frozen=True)
class Dispute:
    nomination_id: str
    marks: dict[str, float]
    spread: float


def marks(jury: dict[str, dict[str, float]], category: Category) -> dict[str, float]:
    return {judge: sum(c.weight * scores[c.code] for c in category.criteria) / 100
            for judge, scores in complete_sheets(jury, category).items()}


def krippendorff_alpha(units: list[list[float]]) -> float | None:
    """Interval alpha over units with at least two values; None when it is not defined."""
    pairable = [values for values in units if len(values) >= 2]
    everything = [v for values in pairable for v in values]
    n = len(everything)
    if n < 2:
        return None
    observed = sum(sum((a - b) ** 2 for i, a in enumerate(values) for j, b in enumerate(values) if i != j)
                   / (len(values) - 1) for values in pairable) / n
    expected = sum((a - b) ** 2 for i, a in enumerate(everything) for j, b in enumerate(everything)
                   if i != j) / (n * (n - 1))
    return None if expected == 0 else 1 - observed / expected


def judge_deviations(by_nomination: dict[str, dict[str, float]]) -> list[JudgeDeviation]:
    """Each judge's mean distance from the panel's median mark, over the nominations judged with
    others (a median, so one harsh judge does not make the rest look kind)."""
    gaps: dict[str, list[float]] = {}
    for judged in by_nomination.values():
        if len(judged) >= 2:
            consensus = median(judged.values())
            for judge, mark in judged.items():
                gaps.setdefault(judge, []).append(mark - consensus)
    return [JudgeDeviation(judge, round(mean(g), 3), len(g),
                           len(g) >= MIN_SHARED and abs(mean(g)) >= JUDGE_DEVIATION)
            for judge, g in sorted(gaps.items())]


def disputes(by_nomination: dict[str, dict[str, float]]) -> list[Dispute]:
    found = [Dispute(nid, {j: round(m, 3) for j, m in judged.items()},
                     round(max(judged.values()) - min(judged.values()), 3))
             for nid, judged in sorted(by_nomination.items()) if len(judged) >= 2]
    return [d for d in found if d.spread >= DISPUTE_SPREAD]


def audit(juries: dict[str, dict[str, dict[str, float]]], category: Category) -> dict[str, Any]:
    """juries: nomination → judge → criterion → 0–10."""
    by_nomination = {nid: marks(jury, category) for nid, jury in juries.items() if jury}
    alpha = krippendorff_alpha([list(judged.values()) for judged in by_nomination.values()])
    spreads = [pstdev(judged.values()) for judged in by_nomination.values() if len(judged) >= 2]
    return {
        "category": category.code,
        "nominations_scored": len(by_nomination),
        "krippendorff_alpha": None if alpha is None else round(alpha, 4),
        "mean_spread": round(mean(spreads), 3) if spreads else None,
        "judges": [d.__dict__ for d in judge_deviations(by_nomination)],
        "disputed": [d.__dict__ for d in disputes(by_nomination)],
    }
