"""Events as scoring receives them, for the unit tests of its service layer."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from shared.edition import Category, Edition, load_edition
from shared.events.envelope import CloudEvent, derived_id, new_event
from shared.events.nomination import NominationAccepted, NominationAcceptedEvent
from shared.events.scoring import (
    JudgeRecused,
    JudgeRecusedEvent,
    JudgeRegistered,
    JudgeRegisteredEvent,
    JuryScoreSubmitted,
    JuryScoreSubmittedEvent,
    VoteCast,
    VoteCastEvent,
)

EDITION = load_edition(Path(__file__).parents[3] / "editions" / "2024-first.yaml")
CATEGORY = "digital-content"
KEY = (EDITION.id, CATEGORY)
JUDGING = datetime(2024, 1, 10, 12, tzinfo=UTC)  # inside the judging and voting windows
SHEET = {"interaction": 8.0, "participation": 7.0, "transparency": 6.0, "content-quality": 9.0}


def category_of(edition: Edition, code: str = CATEGORY) -> Category:
    found = edition.category(code)
    assert found is not None, f"{code} is not a category of {edition.id}"
    return found


def edition_of(edition_id: str) -> Edition | None:
    return EDITION if edition_id == EDITION.id else None


def not_finalised(_: str) -> datetime | None:
    return None


def screened(nomination_id: str, country: str = "EG", category: str = CATEGORY,
             name_ar: str = "هيئة") -> CloudEvent[Any]:
    data = NominationAccepted.model_validate({
        "nomination_id": nomination_id, "reference": nomination_id, "submitted_by": "urn:test",
        "edition_id": EDITION.id, "category": category, "country": country,
        "nominee": {"kind": "entity", "name_ar": name_ar, "name_en": "Authority", "organisation_type": "authority"},
        "accounts": [{"platform": "x", "url": f"https://x.com/{nomination_id}"}]})
    return new_event(NominationAcceptedEvent, data, id=f"screened-{nomination_id}", source="urn:test",
                     time=JUDGING, subject=nomination_id)


def judge(judge_id: str, country: str = "JO", categories: tuple[str, ...] = (CATEGORY,),
          affiliations: tuple[str, ...] = ()) -> CloudEvent[Any]:
    data = JudgeRegistered(judge_id=judge_id, edition_id=EDITION.id, name=judge_id, country=country,
                           languages=["ar"], categories=list(categories), affiliations=list(affiliations))
    return new_event(JudgeRegisteredEvent, data, id=f"judge-{judge_id}", source="urn:test", time=JUDGING,
                     subject=judge_id)


def recused(judge_id: str, nomination_id: str) -> CloudEvent[Any]:
    data = JudgeRecused(judge_id=judge_id, nomination_id=nomination_id, reason="a former employer")
    return new_event(JudgeRecusedEvent, data, id=f"recusal-{judge_id}-{nomination_id}", source="urn:test",
                     time=JUDGING, subject=nomination_id)


def score(judge_id: str, nomination_id: str, sheet: dict[str, float] | None = None, version: int = 1,
          at: datetime = JUDGING) -> Any:
    data = JuryScoreSubmitted(nomination_id=nomination_id, judge_id=judge_id, scores=sheet or SHEET,
                              version=version)
    return new_event(JuryScoreSubmittedEvent, data, id=derived_id("score", judge_id, nomination_id, str(version)),
                     source="urn:test", time=at, subject=nomination_id)


def vote(nomination_id: str, voter: str, at: datetime = JUDGING, category: str = CATEGORY) -> Any:
    data = VoteCast(nomination_id=nomination_id, edition_id=EDITION.id, category=category,
                    voter=voter.encode().hex().ljust(64, "0")[:64])
    return new_event(VoteCastEvent, data, id=derived_id("vote", voter, nomination_id), source="urn:test",
                     time=at, subject=nomination_id)
