"""Keeping the leaderboards and tables of each edition up to date, and finalising an edition.

Standings arrive one nomination at a time; boards are rebuilt per edition at most every interval for the
editions that changed, and stored whole. A finalised edition's boards are frozen: nothing rebuilds them.
Finalisation records the winners first, then announces them, then marks them announced: a crash at any
step, or a second call, announces the very same winners under the same event id.
"""

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from shared import topics
from shared.events.envelope import derived_id, new_event
from shared.events.lifecycle import Medal, WinnersAnnounced, WinnersAnnouncedEvent
from shared.edition import Edition
from shared.kafka import EventBus
from shared.metrics import ROUND_SECONDS

from ..adapters.boards import MongoBoards
from ..adapters.nominations_view import MongoNominationsView, all_of
from .broadcast import Broadcast
from .milestones import CategoryMilestones
from shared.pacing import next_pause
from ..domain.progress import judging_progress
from ..domain.leaderboard import country_table, leaderboard, sector_table, winners

SOURCE = "urn:socialgov:awards:results"
log = logging.getLogger("awards.results.boards")


class NotReady(Exception):
    """Judging is incomplete and finalisation was not forced."""


class BoardsPublisher:
    def __init__(self, view: MongoNominationsView, boards: MongoBoards, bus: EventBus, interval_s: float,
                 milestones: CategoryMilestones, edition_of: Callable[[str], Edition | None],
                 broadcast: Broadcast | None = None) -> None:
        self.view, self.boards, self.bus, self.interval_s = view, boards, bus, interval_s
        self.milestones, self.edition_of = milestones, edition_of
        self.broadcast = broadcast or Broadcast()
        self.dirty: set[str] = set()
        self._task: asyncio.Task[None] | None = None
        # One edition's boards are written by the rebuild loop and by finalisation: never both at once
        # (and a rebuild by replay holds it while it copies the finalisations and switches).
        self.writing = asyncio.Lock()

    def mark(self, edition_id: str) -> None:
        self.dirty.add(edition_id)

    async def flush(self) -> None:
        """Rebuilds every edition marked dirty now, rather than at the next interval."""
        while self.dirty:
            await self.rebuild(self.dirty.pop())

    async def start(self) -> None:
        await self.milestones.flush_outboxes()
        self.dirty |= set(await self.view.collection.distinct("edition_id"))
        self._task = asyncio.create_task(self._run(), name="boards")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        worked_s = 0.0
        while True:
            await asyncio.sleep(next_pause(self.interval_s, worked_s))
            started = time.monotonic()
            worked = await self.round()
            worked_s = time.monotonic() - started
            if worked:
                ROUND_SECONDS.labels("results", "boards").observe(worked_s)

    async def round(self) -> bool:
        """Rebuilds the editions dirty when the round began, once each: an edition marked again meanwhile
        waits for the next round (rebuilding until nothing is dirty never ends under a steady stream of
        standings, and the pause after a round, which keeps the boards to half the service, is never
        reached). One that fails stays dirty for the next round. True when there was anything to do."""
        due, self.dirty = self.dirty, set()
        for edition_id in sorted(due):
            try:
                await self.rebuild(edition_id)
            except Exception:  # noqa: BLE001 - kept dirty, retried next round
                self.dirty.add(edition_id)
                log.exception("rebuilding the boards of %s failed", edition_id)
        return bool(due)

    async def rebuild(self, edition_id: str) -> None:
        async with self.writing:
            await self._rebuild(edition_id)

    async def _rebuild(self, edition_id: str) -> None:
        if await self.boards.state(edition_id) is not None:
            return  # finalised: frozen
        nominations = await all_of(self.view, edition_id)
        edition = self.edition_of(edition_id)
        for category in sorted({n["category"] for n in nominations}):
            rows = leaderboard([n for n in nominations if n["category"] == category])
            key = f"{edition_id}|{category}"
            stored = await self.boards.replace(key, "leaderboard", edition_id, rows, category=category)
            if stored.changed:
                self.broadcast.publish({"edition_id": edition_id, "category": category, "version": stored.version})
            await self.milestones.observe(edition_id, category, rows,
                                          edition.judges_per_nomination if edition else None)
        await self.boards.replace(f"{edition_id}|progress", "progress", edition_id,
                                  judging_progress(nominations, edition.judges_per_nomination if edition else 3))
        await self.boards.replace(f"{edition_id}|countries", "countries", edition_id, country_table(nominations, []))
        await self.boards.replace(f"{edition_id}|sectors", "sectors", edition_id, sector_table(nominations, []))

    async def finalise(self, edition_id: str, judges_per_nomination: int, force_reason: str | None) -> dict[str, Any]:
        async with self.writing:
            return await self._finalise(edition_id, judges_per_nomination, force_reason)

    async def _finalise(self, edition_id: str, judges_per_nomination: int, force_reason: str | None) -> dict[str, Any]:
        state = await self.boards.state(edition_id)
        nominations = await all_of(self.view, edition_id)
        if state is None:
            accepted = [n for n in nominations if n.get("status") == "accepted"]
            unjudged = [n["nomination_id"] for n in accepted if n.get("judges", 0) < judges_per_nomination]
            if unjudged and not force_reason:
                raise NotReady(f"{len(unjudged)} accepted nominations have fewer than "
                               f"{judges_per_nomination} jury scores")
            await self._rebuild(edition_id)
            boards = {b["category"]: b["rows"] for b in await self.boards.boards_of(edition_id, "leaderboard")}
            state = await self.boards.begin_finalisation(edition_id, winners(boards), datetime.now(timezone.utc),
                                                         force_reason if unjudged else None)
        # From the recorded winners, every time: a crash after recording them still gets the medal tables.
        await self.boards.replace(f"{edition_id}|countries", "countries", edition_id,
                                  country_table(nominations, state["winners"]), final=True)
        await self.boards.replace(f"{edition_id}|sectors", "sectors", edition_id,
                                  sector_table(nominations, state["winners"]), final=True)
        if not state["announced"]:
            announced = WinnersAnnounced(edition_id=edition_id, finalised_at=state["finalised_at"],
                                         winners=[Medal(category=m["category"], rank=m["rank"],
                                                        nomination_id=m["nomination_id"], standing=m["standing"])
                                                  for m in state["winners"]])
            event = new_event(WinnersAnnouncedEvent, announced, id=derived_id("winners", edition_id),
                              source=SOURCE, time=state["finalised_at"], subject=edition_id)
            await self.bus.publish(topics.EDITIONS, event, key=edition_id)
            await self.boards.mark_announced(edition_id)
            state["announced"] = True
            self.broadcast.publish({"edition_id": edition_id, "winners": True})
        return state
