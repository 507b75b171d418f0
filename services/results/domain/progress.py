"""Judging progress per category: how many accepted nominations have their full jury, and how many jury
scores are still missing — what the finalisation waits for."""

from typing import Any


def judging_progress(nominations: list[dict[str, Any]], judges_per_nomination: int) -> list[dict[str, Any]]:
    rows = []
    for category in sorted({n["category"] for n in nominations}):
        accepted = [n for n in nominations if n["category"] == category and n.get("status") == "accepted"]
        counted = [min(n.get("judges", 0), judges_per_nomination) for n in accepted]
        needed = judges_per_nomination * len(accepted)
        rows.append({"category": category, "accepted": len(accepted),
                     "fully_judged": sum(c == judges_per_nomination for c in counted),
                     "jury_scores": sum(counted), "jury_scores_needed": needed,
                     "percent": round(100 * sum(counted) / needed, 1) if needed else 100.0})
    return rows
