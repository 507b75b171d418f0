from services.results.domain.leaderboard import country_table, leaderboard, winners


def nomination(nid: str, standing: float | None, jury: float | None = None, transparency: float = 0,
               screened_at: str = "2023-11-01", country: str = "EG", status: str = "accepted") -> dict:
    return {"nomination_id": nid, "status": status, "country": country, "sector": "health",
            "nominee": {"name_ar": f"جهة {nid}", "name_en": None}, "standing": standing,
            "components": {"jury": jury, "metrics": None, "public": None},
            "criteria": {"transparency": transparency}, "screened_at": screened_at}


def test_ties_break_on_jury_then_transparency_then_earlier_acceptance() -> None:
    rows = leaderboard([
        nomination("late", 70, jury=80, transparency=9, screened_at="2023-12-01"),
        nomination("early", 70, jury=80, transparency=9, screened_at="2023-11-01"),
        nomination("transparent", 70, jury=80, transparency=9.5),
        nomination("jury", 70, jury=85),
        nomination("top", 71),
        nomination("rejected", 99, status="rejected"),
        nomination("unscored", None),
    ])
    assert [r["nomination_id"] for r in rows] == ["top", "jury", "transparent", "early", "late", "unscored"]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5, 6]


def test_winners_take_the_top_three_of_each_category_and_medals_reach_the_country_table() -> None:
    countries = ["EG", "JO", "EG", "MA"]
    boards = {"a": leaderboard([nomination(f"a{i}", 90 - i, country=c) for i, c in enumerate(countries)]),
              "b": leaderboard([nomination("b0", 50, country="JO"), nomination("b1", None, country="EG")])}
    medals = winners(boards)
    assert [(m["category"], m["medal"], m["nomination_id"]) for m in medals] == [
        ("a", "gold", "a0"), ("a", "silver", "a1"), ("a", "bronze", "a2"), ("b", "gold", "b0")]
    table = country_table([n for rows in boards.values() for n in rows_as_view(rows)], medals)
    # medal table order: golds, then silvers, then bronzes
    assert [(r["country"], r["gold"], r["silver"], r["bronze"]) for r in table] == [
        ("JO", 1, 1, 0), ("EG", 1, 0, 1), ("MA", 0, 0, 0)]


def rows_as_view(rows: list[dict]) -> list[dict]:
    return [{"nomination_id": r["nomination_id"], "status": "accepted", "country": r["country"],
             "standing": r["standing"], "sector": r["sector"]} for r in rows]

