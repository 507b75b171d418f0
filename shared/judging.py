"""How far the jury is: the one definition of judging progress, used by scoring (progress for the awards
office), results (the progress board, milestones) and finalisation (what "fully judged" means).

Contract: ``judging_progress(judges_per_nomination, jury_counts)`` takes the edition's quota and the number
of jury scores each accepted nomination of a category holds. A nomination counts as fully judged when it
holds at least the quota; scores above the quota count for nothing (the needed total is quota ×
nominations, and the percentage never passes 100). A category without accepted nominations is complete.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class JudgingProgress:
    judges_per_nomination: int
    accepted: int
    fully_judged: int
    jury_scores: int
    """Scores counted towards the quota (at most the quota per nomination)."""

    @property
    def jury_scores_needed(self) -> int:
        return self.judges_per_nomination * self.accepted

    @property
    def complete(self) -> bool:
        return self.fully_judged == self.accepted

    @property
    def percent(self) -> float:
        needed = self.jury_scores_needed
        return round(100 * self.jury_scores / needed, 1) if needed else 100.0


def judging_progress(judges_per_nomination: int, jury_counts: Iterable[int]) -> JudgingProgress:
    if judges_per_nomination < 1:
        raise ValueError("an edition needs at least one judge per nomination")
    counted = [min(count, judges_per_nomination) for count in jury_counts]
    return JudgingProgress(judges_per_nomination, accepted=len(counted),
                           fully_judged=sum(count == judges_per_nomination for count in counted),
                           jury_scores=sum(counted))
