"""An edition of the awards: the reference data every decision is checked against.

Loaded from an edition file (``editions/*.yaml``); every inconsistency is reported with its path by
pydantic, so an operator sees all mistakes at once.
"""

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.events.nomination import NomineeKind


class _Reference(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Named(_Reference):
    code: str = Field(pattern=r"^[A-Za-z0-9-]+$")
    name_ar: str
    name_en: str


# The edition's lists of named codes that readers see by name.
NamedGroup = Literal["categories", "countries", "sectors"]


class Criterion(Named):
    weight: int = Field(gt=0, le=100)


class Category(Named):
    nominee_kinds: list[NomineeKind] = Field(min_length=1)
    criteria: list[Criterion] = Field(min_length=1)
    special: bool = False

    @model_validator(mode="after")
    def weights_sum_to_100(self) -> "Category":
        if sum(c.weight for c in self.criteria) != 100:
            raise ValueError(f"criteria weights of {self.code} sum to "
                             f"{sum(c.weight for c in self.criteria)}, not 100")
        _unique(c.code for c in self.criteria)
        return self


class Window(_Reference):
    opens: datetime
    closes: datetime

    @model_validator(mode="after")
    def ordered(self) -> "Window":
        if self.opens >= self.closes:
            raise ValueError("a window must open before it closes")
        return self

    def is_open_at(self, moment: datetime) -> bool:
        return self.opens <= moment <= self.closes


class Windows(_Reference):
    intake: Window
    judging: Window
    voting: Window


class ComponentWeights(_Reference):
    jury: int = Field(ge=0, le=100)
    metrics: int = Field(ge=0, le=100)
    public: int = Field(ge=0, le=100)

    @model_validator(mode="after")
    def sum_to_100(self) -> "ComponentWeights":
        if self.jury + self.metrics + self.public != 100:
            raise ValueError("component weights must sum to 100")
        return self


class IndicatorWeights(_Reference):
    """How the engagement indicators combine into the metrics component."""

    engagement_rate: int = Field(30, ge=0)
    reply_rate: int = Field(30, ge=0)
    median_reply_minutes: int = Field(20, ge=0)
    follower_growth: int = Field(20, ge=0)


class Edition(_Reference):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name_ar: str
    name_en: str
    organiser_ar: str
    organiser_en: str
    ceremony: datetime
    windows: Windows
    countries: list[Named] = Field(min_length=1)
    sectors: list[Named]
    categories: list[Category] = Field(min_length=1)
    component_weights: ComponentWeights
    indicator_weights: IndicatorWeights = IndicatorWeights()
    judges_per_nomination: int = Field(3, ge=1, le=20)
    jury_normalisation: Literal["none", "zscore"] = Field(
        "none", description="zscore: each judge's marks are rescaled to the whole jury's mean and spread, "
        "so a harsh or lenient judge weighs like the others.")
    platforms: dict[str, list[str]] = Field(description="Known platform → its official hosts.")
    government_organisation_types: list[str] = Field(
        min_length=1, description="Organisation types that make an entity or account governmental."
    )

    @model_validator(mode="after")
    def codes_unique(self) -> "Edition":
        for group in (self.countries, self.sectors, self.categories):
            _unique(item.code for item in group)
        return self

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def criterion_codes(self, category: str) -> list[str]:
        """The codes of a category's criteria, in the edition's order (KeyError for a category it lacks)."""
        found = self.category(category)
        if found is None:
            raise KeyError(category)
        return [criterion.code for criterion in found.criteria]

    def country(self, code: str) -> Named | None:
        return next((c for c in self.countries if c.code == code), None)

    def named(self, group: NamedGroup, code: str) -> Named | None:
        return next((item for item in getattr(self, group) if item.code == code), None)


def name_of(edition: Edition | None, group: NamedGroup, code: str | None, language: str) -> str | None:
    """What a reader sees for a category, country or sector code: the edition's name for it in the
    reader's language (English for "en", Arabic otherwise), or the code itself where the edition, or
    the code in it, is not known. No code (a nomination without a sector) stays None."""
    if code is None:
        return None
    item = edition.named(group, code) if edition is not None else None
    if item is None:
        return code
    return item.name_en if language == "en" else item.name_ar


def _unique(codes: Iterable[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise ValueError(f"code {code!r} appears twice")
        seen.add(code)


def load_edition(path: Path) -> Edition:
    return Edition.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
