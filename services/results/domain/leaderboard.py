"""Leaderboards, country and sector tables, and winners: pure functions of the nominations view.

Ranking: standing, then the jury component, then the transparency criterion, then earlier acceptance
(the edition's tie-break rules); the nomination id orders what is left so the order is total.
"""

from collections import defaultdict
from statistics import mean
from typing import Any

MEDALS = ("gold", "silver", "bronze")
# Every field of the nominations view that the boards, the tables and the judging progress read: the
# results service keeps only these of each nomination in memory for its rounds (not the accounts,
# reasons, search keys and indicator ranks the read model also shows).
BOARD_FIELDS = ("nomination_id", "edition_id", "category", "status", "country", "sector", "screened_at",
                "nominee.name_ar", "nominee.name_en", "standing", "components", "criteria.transparency",
                "missing", "judges", "votes")


def _rank_key(row: dict[str, Any]) -> tuple[float, float, float, str, str]:
    components = row.get("components") or {}
    return (-(row.get("standing") or 0.0), -(components.get("jury") or 0.0),
            -((row.get("criteria") or {}).get("transparency") or 0.0), str(row.get("screened_at")),
            row["nomination_id"])


def leaderboard(nominations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The accepted nominations of one category, ranked, one row each with what explains it."""
    ranked = sorted((n for n in nominations if n.get("status") == "accepted"), key=_rank_key)
    return [{
        "rank": position,
        "nomination_id": n["nomination_id"],
        "name_ar": n["nominee"]["name_ar"],
        "name_en": n["nominee"].get("name_en"),
        "country": n["country"],
        "sector": n.get("sector"),
        "standing": n.get("standing"),
        "components": n.get("components") or {"jury": None, "metrics": None, "public": None},
        "missing": n.get("missing", ["jury", "metrics", "public"]),
        "judges": n.get("judges", 0),
        "votes": n.get("votes", 0),
    } for position, n in enumerate(ranked, 1)]


def winners(boards: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Gold, silver and bronze of every category (special awards included)."""
    return [{"category": category, "rank": row["rank"], "medal": MEDALS[row["rank"] - 1],
             "nomination_id": row["nomination_id"], "standing": row["standing"] or 0.0,
             "name_ar": row["name_ar"], "name_en": row["name_en"], "country": row["country"]}
            for category, rows in sorted(boards.items()) for row in rows[:3] if row["standing"] is not None]


def country_table(nominations: list[dict[str, Any]], medals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return _table(nominations, medals, "country")


def sector_table(nominations: list[dict[str, Any]], medals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return _table(nominations, medals, "sector")


def _table(nominations: list[dict[str, Any]], medals: list[dict[str, Any]], by: str) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n in nominations:
        groups[n.get(by) or "unknown"].append(n)
    medal_of = {m["nomination_id"]: m["medal"] for m in medals}
    rows = []
    for key, members in groups.items():
        accepted = [n for n in members if n.get("status") == "accepted"]
        standings = [n["standing"] for n in accepted if n.get("standing") is not None]
        won = [medal_of[n["nomination_id"]] for n in accepted if n["nomination_id"] in medal_of]
        rows.append({by: key, "nominations": len(members), "accepted": len(accepted),
                     "average_standing": round(mean(standings), 4) if standings else None,
                     **{medal: won.count(medal) for medal in MEDALS}})
    return sorted(rows, key=lambda r: (-r["gold"], -r["silver"], -r["bronze"], -r["accepted"], r[by]))
