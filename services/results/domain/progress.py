"""Judging progress per category: how many accepted nominations have their full jury, and how many jury
scores are still missing — what the finalisation waits for. Counted by ``shared.judging``, with the
quota of the nominations' edition."""

from typing import Any

from shared.judging import JudgingProgress, judging_progress


def accepted_progress(nominations: list[dict[str, Any]], judges_per_nomination: int) -> JudgingProgress:
    """Progress of the accepted ones among ``nominations``."""
    return judging_progress(judges_per_nomination,
                            (n.get("judges", 0) for n in nominations if n.get("status") == "accepted"))


def progress_table(nominations: list[dict[str, Any]], judges_per_nomination: int) -> list[dict[str, Any]]:
    """One row per category of ``nominations``, in code order."""
    rows = []
    for category in sorted({n["category"] for n in nominations}):
        progress = accepted_progress([n for n in nominations if n["category"] == category], judges_per_nomination)
        rows.append({"category": category, "accepted": progress.accepted, "fully_judged": progress.fully_judged,
                     "jury_scores": progress.jury_scores, "jury_scores_needed": progress.jury_scores_needed,
                     "percent": progress.percent})
    return rows
