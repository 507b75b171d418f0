"""The two shapes a standing takes between the store and the topic.

Contract: ``evidence_of(doc)`` reads a stored nomination document as the domain's ``Evidence`` (no jury,
metrics or votes when the document holds none); ``published_form(doc, standing, edition, version)`` is
the ``scores.updated`` body of a computed standing, with the edition's component weights. Both are pure:
the same document and standing always give the same body, which is how a round recognises a standing
already stored (``changed_standings``).
"""

from typing import Any

from shared.edition import Edition
from shared.events.scoring import StandingComponents, StandingUpdated

from ..domain.standing_formula import Evidence, Standing


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
