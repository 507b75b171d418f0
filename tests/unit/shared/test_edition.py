from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from shared.edition import Edition, load_edition

FILE = Path(__file__).parents[3] / "editions" / "2024-first.yaml"


def raw() -> dict:
    return yaml.safe_load(FILE.read_text(encoding="utf-8"))


def test_the_first_edition_matches_the_source() -> None:
    edition = load_edition(FILE)
    assert [c.code for c in edition.countries] == ["EG", "JO", "IQ", "AE", "SA", "TN", "MA"]
    assert len(edition.categories) == 4
    assert {"interaction", "participation", "transparency"} <= {
        c.code for c in edition.categories[0].criteria}
    assert [s.code for s in edition.sectors][:3] == ["health", "telecom-it", "finance"]


def test_criteria_weights_must_sum_to_100_and_the_error_names_the_place() -> None:
    data = raw()
    data["categories"][1]["criteria"][0]["weight"] = 31
    with pytest.raises(ValidationError) as error:
        Edition.model_validate(data)
    assert error.value.errors()[0]["loc"] == ("categories", 1)
    assert "sum to 101" in str(error.value)


def test_windows_must_be_ordered() -> None:
    data = raw()
    data["windows"]["voting"] = {"opens": "2024-02-01T00:00:00Z", "closes": "2024-01-01T00:00:00Z"}
    with pytest.raises(ValidationError) as error:
        Edition.model_validate(data)
    assert error.value.errors()[0]["loc"] == ("windows", "voting")


def test_country_codes_are_unique() -> None:
    data = raw()
    data["countries"].append(dict(data["countries"][0]))
    with pytest.raises(ValidationError, match="'EG' appears twice"):
        Edition.model_validate(data)
