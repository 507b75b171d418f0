"""Category milestones read off a freshly ranked leaderboard: its top three, and whether judging is over."""

from typing import Any

from shared.judging import judging_progress


def podium(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The top three of a ranked leaderboard, among nominations that have a standing at all."""
    return [{"rank": row["rank"], "nomination_id": row["nomination_id"], "name_ar": row["name_ar"],
             "name_en": row["name_en"], "country": row["country"], "standing": row["standing"]}
            for row in rows[:3] if row["standing"] is not None]


def fully_scored(rows: list[dict[str, Any]], judges_per_nomination: int) -> bool:
    """Every accepted nomination of the category (every row of its leaderboard) has its full jury; a
    category with none has nothing to tell."""
    return bool(rows) and judging_progress(judges_per_nomination, (row.get("judges", 0) for row in rows)).complete
