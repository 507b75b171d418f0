"""Payloads of category-level facts (v1): what staff are told about a category as a whole.

The statistical audit is the scoring service's (it holds the jury sheets); the podium and the end of
judging are the results service's (it ranks the leaderboards with the edition's tie-breaks).
"""

from typing import Literal

from pydantic import Field

from .envelope import CloudEvent, EventData, event_type


class JuryAuditFlagged(EventData):
    edition_id: str
    category: str
    flag: Literal["judge", "dispute"] = Field(
        description="judge: one judge's marks sit far from the panel's; dispute: the judges disagree on one "
                    "nomination.")
    judge_id: str | None = Field(None, description="The judge flagged (flag = judge).")
    nomination_id: str | None = Field(None, description="The nomination disputed (flag = dispute).")
    mean_deviation: float | None = Field(None, description="Mean distance from the panel's median, 0–10.")
    spread: float | None = Field(None, description="Highest minus lowest mark of the nomination, 0–10.")
    marks: dict[str, float] = Field(default_factory=dict, description="Judge → mark, for a dispute.")


class PodiumPlace(EventData):
    rank: int = Field(ge=1, le=3)
    nomination_id: str
    name_ar: str
    name_en: str | None = None
    country: str
    standing: float


class PodiumChanged(EventData):
    edition_id: str
    category: str
    podium: list[PodiumPlace] = Field(max_length=3, description="The new top three, best first.")
    previous: list[str] = Field(default_factory=list, description="Nomination ids of the last top three.")
    change: int = Field(ge=1, description="1 for the category's first podium, then one more per change.")


class CategoryFullyScored(EventData):
    edition_id: str
    category: str
    nominations: int = Field(ge=1, description="Accepted nominations in the category, all scored.")
    judges_per_nomination: int = Field(ge=1)


class JuryAuditFlaggedEvent(CloudEvent[JuryAuditFlagged]):
    type: Literal[event_type("jury.audit.flagged")]  # type: ignore[valid-type]  # built by event_type()


class PodiumChangedEvent(CloudEvent[PodiumChanged]):
    type: Literal[event_type("category.podium.changed")]  # type: ignore[valid-type]  # built by event_type()


class CategoryFullyScoredEvent(CloudEvent[CategoryFullyScored]):
    type: Literal[event_type("category.fully_scored")]  # type: ignore[valid-type]  # built by event_type()
