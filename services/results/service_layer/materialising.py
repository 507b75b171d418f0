"""Applying screenings and standings to the nominations view, a batch at a time, and marking their
editions' boards for the next round. A standing published after its edition's finalisation is recorded
as late and not applied (``domain.finalisation.is_late``)."""

from collections.abc import Callable
from datetime import datetime

from shared.events.catalogue import ScreenedEvent
from shared.events.scoring import StandingUpdatedEvent

from ..domain.finalisation import is_late
from ..domain.views import newest_standings, screenings
from .ports import Boards, EditionCatalogue, NominationsView


class Materialiser:
    def __init__(self, view: NominationsView, boards: Boards, editions: EditionCatalogue,
                 mark: Callable[[str], None]) -> None:
        self.view, self.boards, self.editions, self.mark = view, boards, editions, mark

    async def screened(self, events: list[ScreenedEvent]) -> None:
        await self.view.apply_screenings(screenings(events))
        for event in events:
            self.mark(event.data.edition_id)

    async def standings(self, events: list[StandingUpdatedEvent]) -> None:
        finalised = {edition_id: await self.finalised_at(edition_id)
                     for edition_id in {event.data.edition_id for event in events}}
        applied = []
        for event in events:
            if is_late(event.time, finalised[event.data.edition_id]):
                await self.boards.record_late(event.id, event.data.edition_id, event.data.nomination_id, "standing")
            else:
                applied.append(event)
        await self.view.apply_standings(newest_standings(applied))
        for event in applied:
            self.mark(event.data.edition_id)

    async def finalised_at(self, edition_id: str) -> datetime | None:
        """This service's own record is first to know; else the announcement on the editions topic."""
        state = await self.boards.state(edition_id)
        return state["finalised_at"] if state else self.editions.finalised_at(edition_id)
