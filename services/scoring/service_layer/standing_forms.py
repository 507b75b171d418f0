"""A stored nomination document read as the domain's evidence, and a computed standing written in the
form ``scores.updated`` publishes."""

from typing import Any

from shared.edition import Edition
from shared.events.scoring import StandingComponents, StandingUpdated

from ..domain.standings import Evidence, Standing


def evidence_of(doc: dict[str, Any]) -> Evidence:
    return Evidence(
        nomination_id=doc["_id"], country=doc["country"], accepted_at=doc["accepted_at"],
        jury={judge: entry["scores"] for judge, entry in (doc.get("jury") or {}).items()},
        metrics=doc.get("metrics"), votes=doc.get("votes", 0))


def published_form(doc: dict[str, Any], standing: Standing, edition: Edition, version: int) -> StandingUpdated:
    return StandingUpdated(
        nomination_id=doc["_id"], edition_id=doc["edition_id"], category=doc["category"],
        country=doc["country"], version=version, standing=standing.standing,
        components=StandingComponents(jury=standing.jury, metrics=standing.metrics, public=standing.public),
        missing=standing.missing, weights=edition.component_weights.model_dump(),
        criteria=standing.criteria, indicators=standing.indicators, judges=standing.judges,
        votes=standing.votes, category_votes=standing.category_votes, accepted_at=doc["accepted_at"])
