"""What scoring's read endpoints answer: a nomination's stored standing and the registered judges.

Contract: ``published_standing(nomination_id, store)`` answers the standing as it was published on
``scores.updated`` (the stored body with its version), or None while there is none stored (an unknown
or rejected nomination, or one whose first standing is not computed yet). ``listed_judges(store)``
answers every registered judge without the declared affiliations: those serve to detect conflicts of
interest (``domain.judges.conflict``) and stay inside scoring; managing the panel needs the rest.
"""

from typing import Any

from .ports import Nominations, Panel


async def published_standing(nomination_id: str, store: Nominations) -> dict[str, Any] | None:
    doc = await store.nomination(nomination_id)
    if doc is None or "standing" not in doc:
        return None
    body: dict[str, Any] = doc["standing"]
    return body | {"version": doc["standing_version"]}


async def listed_judges(store: Panel) -> list[dict[str, Any]]:
    return [judge.model_dump(exclude={"affiliations"}) for judge in await store.all_judges()]
