"""The edition's names beside its codes, for the exports people open in a spreadsheet: every category,
country and sector code keeps its column and is followed by its Arabic and English names (the code
again where the edition does not name it). The JSON API keeps codes only."""

from typing import Any

from shared.edition import Edition, NamedGroup, name_of

NAMED: dict[str, NamedGroup] = {"category": "categories", "country": "countries", "sector": "sectors"}


def with_names(rows: list[dict[str, Any]], edition: Edition | None) -> list[dict[str, Any]]:
    named_rows = []
    for row in rows:
        named: dict[str, Any] = {}
        for key, value in row.items():
            named[key] = value
            if key in NAMED:
                for language in ("ar", "en"):
                    named[f"{key}_name_{language}"] = name_of(edition, NAMED[key], value, language)
        named_rows.append(named)
    return named_rows
