"""Spreadsheet exports name each category, country and sector code beside it, in Arabic and English."""

from pathlib import Path

from services.results.domain.names import with_names
from shared.edition import load_edition

FIRST = load_edition(Path(__file__).resolve().parents[3] / "editions" / "2024-first.yaml")


def test_each_code_is_followed_by_its_names_and_keeps_its_column() -> None:
    [row] = with_names([{"rank": 1, "country": "EG", "sector": "telecom-it", "standing": 80.0}], FIRST)
    assert list(row) == ["rank", "country", "country_name_ar", "country_name_en", "sector", "sector_name_ar",
                         "sector_name_en", "standing"]
    assert (row["country"], row["country_name_ar"], row["country_name_en"]) == ("EG", "مصر", "Egypt")
    assert row["sector_name_en"] == "Telecommunications & IT"
    [medal] = with_names([{"category": "personalities", "medal": "gold"}], FIRST)
    assert (medal["category_name_ar"], medal["category_name_en"]) == (
        "شخصيات الحكومة البارزة", "Prominent government personalities")


def test_a_code_the_edition_does_not_name_is_shown_as_itself() -> None:
    [row] = with_names([{"country": "EG", "sector": "unknown"}], None)
    assert (row["country_name_ar"], row["sector_name_en"]) == ("EG", "unknown")
    [row] = with_names([{"sector": None}], FIRST)
    assert row["sector_name_ar"] is None
