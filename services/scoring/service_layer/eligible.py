"""Admitting an accepted nomination to scoring, and publishing its first standing.

The first standing (version 1) holds no evidence yet, so every component is 0; it tells the read
side that the nomination is in the running. Redelivery re-publishes the same event (same derived id).
"""

from typing import Any, Protocol

from shared.events.envelope import CloudEvent, derived_id, new_event
from shared.events.nomination import NominationAccepted
from shared.events.scoring import StandingComponents, StandingUpdated, StandingUpdatedEvent
from shared.edition import ComponentWeights

from ..domain.standing import Components, blend

SOURCE = "urn:socialgov:awards:scoring"


class EligibleNominations(Protocol):
    async def admit(self, nomination: NominationAccepted) -> None:
        """Records the nomination as eligible for scoring; a second call changes nothing."""
        ...


async def admit(
    cause: CloudEvent[NominationAccepted], weights: ComponentWeights, eligible: EligibleNominations
) -> CloudEvent[Any]:
    nomination = cause.data
    await eligible.admit(nomination)
    components = Components()
    standing = StandingUpdated(
        nomination_id=nomination.nomination_id,
        edition_id=nomination.edition_id,
        category=nomination.category,
        country=nomination.country,
        version=1,
        standing=blend(components, weights),
        components=StandingComponents(jury=components.jury, metrics=components.metrics,
                                      public=components.public),
    )
    return new_event(StandingUpdatedEvent, standing,
                     id=derived_id("standing", nomination.nomination_id, "1"), source=SOURCE,
                     time=cause.time, subject=nomination.nomination_id, cause=cause)
