"""Keeping the leaderboards and tables of each edition up to date, and finalising an edition.

Standings arrive one nomination at a time; boards are rebuilt per edition, in paced rounds
(``shared.rounds.PacedRounds``), for the editions that changed, and stored whole. A finalised edition's
boards are frozen: nothing rebuilds them. Finalisation records the winners first, then announces them,
then marks them announced: a crash at any step, or a second call, announces the very same winners under
the same event id.

Several instances share the consumer group, so each marks only the editions its own partitions touched,
and two rounds may read the read model at different moments: the later write may hold the older board.
So every ``WATCH_S`` each instance looks at the boards' versions (``Boards.changes_elsewhere``): a board
another instance wrote is told to this instance's live pages and board cache, and its edition is rebuilt
here once more from the read model as it is now, which writes only where the board differs from it. When
the boards stop changing, they are those of the read model as it stands, whoever wrote last.
"""

import asyncio
import logging
from datetime import UTC, datetime

from shared import topics
from shared.events.envelope import derived_id, new_event
from shared.events.lifecycle import Medal, WinnersAnnounced, WinnersAnnouncedEvent
from shared.periodic import Periodic
from shared.rounds import PacedRounds

from ..domain.finalisation import forced_because, require_reason
from ..domain.leaderboard import country_table, leaderboard, sector_table, winners
from ..domain.progress import progress_table
from .broadcast import Broadcast
from .catalogue import KnownEditions
from .milestones import CategoryMilestones
from .ports import Boards, Document, EditionCatalogue, EventPublisher, NominationsView

SOURCE = "urn:socialgov:awards:results"
log = logging.getLogger("awards.results.boards")
WATCH_S = 1.0  # how soon a board written by another instance reaches this one's live pages


class BoardsPublisher:
    def __init__(self, view: NominationsView, boards: Boards, bus: EventPublisher, interval_s: float,
                 milestones: CategoryMilestones, editions: EditionCatalogue,
                 broadcast: Broadcast) -> None:
        self.view, self.boards, self.bus, self.milestones = view, boards, bus, milestones
        self.editions = KnownEditions(lambda: editions)
        self.broadcast = broadcast
        self.dirty: set[str] = set()
        self.rounds = PacedRounds("boards", "results", self.round, interval_s=interval_s,
                                  has_work=lambda: bool(self.dirty), log=log)
        # One edition's boards are written by the rounds and by finalisation: never both at once (and a
        # rebuild by replay holds it while it copies the finalisations and switches).
        self.writing = asyncio.Lock()
        self.watch = Periodic("boards-elsewhere", WATCH_S, self.look_elsewhere, log=log,
                              failure="looking for boards written by other instances failed")

    def mark(self, edition_id: str) -> None:
        self.dirty.add(edition_id)
        self.rounds.wake()

    async def rebuild_dirty(self) -> None:
        """Rounds at once until no edition is dirty, rather than at the loop's pace; a round that fails
        raises here, its editions still dirty."""
        await self.rounds.drain()

    async def start(self) -> None:
        await self.milestones.flush_outboxes()
        self.dirty |= set(await self.view.edition_ids())
        await self.look_elsewhere()  # the first look only notes the versions as they are
        self.rounds.start()
        self.watch.start()

    async def stop(self) -> None:
        await self.watch.stop()
        await self.rounds.stop()

    async def look_elsewhere(self) -> None:
        """Boards and announcements other instances wrote: told to the live pages, their editions rebuilt."""
        elsewhere = await self.boards.changes_elsewhere()
        for notice in elsewhere.notices:
            self.broadcast.publish(notice)
        for edition_id in elsewhere.editions:
            self.mark(edition_id)

    async def round(self) -> bool:
        """Rebuilds the editions dirty when the round began, once each: an edition marked again meanwhile
        waits for the next round (rebuilding until nothing is dirty never ends under a steady stream of
        standings, and the pause after a round, which keeps the boards to half the service, is never
        reached). One that fails stays dirty for the next round, and once the others are rebuilt the
        failures are raised together (the loop logs them). True when there was anything to do."""
        due, self.dirty = self.dirty, set()
        failures: list[Exception] = []
        for edition_id in sorted(due):
            try:
                await self.rebuild(edition_id)
            except Exception as error:  # noqa: BLE001 - any failure: kept dirty, raised once the others are rebuilt
                self.dirty.add(edition_id)
                error.add_note(f"rebuilding the boards of {edition_id}")
                failures.append(error)
        if failures:
            raise ExceptionGroup("rebuilding the boards failed", failures)
        return bool(due)

    async def rebuild(self, edition_id: str) -> None:
        async with self.writing:
            await self._rebuild(edition_id)

    async def _rebuild(self, edition_id: str) -> None:
        if await self.boards.state(edition_id) is not None:
            return  # finalised: frozen
        nominations = await self.view.of_edition(edition_id)
        edition = self.editions.get(edition_id)
        quota = edition.judges_per_nomination if edition else None  # unknown edition: no judging counted
        for category in sorted({n["category"] for n in nominations}):
            rows = leaderboard([n for n in nominations if n["category"] == category])
            stored = await self.boards.replace(f"{edition_id}|{category}", "leaderboard", edition_id, rows,
                                               category=category)
            if stored.changed:
                self.broadcast.publish({"edition_id": edition_id, "category": category, "version": stored.version})
            await self.milestones.observe(edition_id, category, rows, quota)
        if quota is not None:
            await self.boards.replace(f"{edition_id}|progress", "progress", edition_id,
                                      progress_table(nominations, quota))
        await self.boards.replace(f"{edition_id}|countries", "countries", edition_id, country_table(nominations, []))
        await self.boards.replace(f"{edition_id}|sectors", "sectors", edition_id, sector_table(nominations, []))

    async def finalise(self, edition_id: str, force: bool = False, reason: str | None = None) -> Document:
        """Finalises the edition once (``NotReady`` while judging is incomplete and not forced,
        ``ReasonRequired``, ``NotFound``) and returns its record; a finalised edition's record as it is."""
        require_reason(force, reason)
        async with self.writing:
            state = await self.boards.state(edition_id)
            nominations = await self.view.of_edition(edition_id)
            if state is None:
                edition = self.editions.edition(edition_id)
                because = forced_because(nominations, edition.judges_per_nomination, force, reason)
                await self._rebuild(edition_id)
                boards = {b["category"]: b["rows"] for b in await self.boards.boards_of(edition_id, "leaderboard")}
                state = await self.boards.begin_finalisation(edition_id, winners(boards), datetime.now(UTC),
                                                             because)
            await self._announce(edition_id, nominations, state)
            return state

    async def _announce(self, edition_id: str, nominations: list[Document], state: Document) -> None:
        """The medal tables and the announcement, from the recorded winners, every time: a crash after
        recording them still gets them."""
        await self.boards.replace(f"{edition_id}|countries", "countries", edition_id,
                                  country_table(nominations, state["winners"]), final=True)
        await self.boards.replace(f"{edition_id}|sectors", "sectors", edition_id,
                                  sector_table(nominations, state["winners"]), final=True)
        if state["announced"]:
            return
        announced = WinnersAnnounced(edition_id=edition_id, finalised_at=state["finalised_at"],
                                     winners=[Medal(category=m["category"], rank=m["rank"],
                                                    nomination_id=m["nomination_id"], standing=m["standing"])
                                              for m in state["winners"]])
        event = new_event(WinnersAnnouncedEvent, announced, id=derived_id("winners", edition_id),
                          source=SOURCE, time=state["finalised_at"], subject=edition_id)
        await self.bus.publish(topics.EDITIONS, event, key=edition_id)
        await self.boards.mark_announced(edition_id)
        self.boards.announced(edition_id)
        state["announced"] = True
        self.broadcast.publish({"edition_id": edition_id, "winners": True})
