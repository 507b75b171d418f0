"""What the results API answers, decided here: a board not built yet is empty when its edition and
category exist (``NotFound`` naming what does otherwise), a frozen board says so, winners exist only once
the edition is finalised, and the printable sheet shows the medals as they would fall now until then.

Each answer carries a ``tag`` naming the document's version (and what else changes the answer) for ETags."""

from dataclasses import dataclass, field
from typing import Any

from shared.edition import Edition

from ..domain.leaderboard import winners
from .catalogue import KnownEditions, NotFound
from .ports import BoardReads, Document

# The tables rebuilt whole with the boards, one document each per edition.
TABLES = {"countries": "Per country: nominations, accepted, average standing, medals once finalised.",
          "sectors": "Per sector: nominations, accepted, average standing, medals once finalised.",
          "progress": "Judging progress per category: accepted nominations, fully judged, jury scores still "
                      "missing."}


@dataclass(frozen=True)
class Answer:
    rows: list[Document]
    tag: str
    edition: Edition | None
    about: dict[str, Any] = field(default_factory=dict)
    """What the JSON answer says beside its rows."""


class ResultsReader:
    def __init__(self, boards: BoardReads, editions: KnownEditions) -> None:
        self.boards, self.editions = boards, editions

    async def _board(self, edition_id: str, name: str, category: str | None = None) -> Document:
        """The board ``edition_id|name``; until it is built, an empty one (version 0) when the edition (and
        ``category``) exist, else ``NotFound``."""
        doc = await self.boards.board(f"{edition_id}|{name}")
        if doc is not None:
            return doc
        if category is not None:
            self.editions.category(edition_id, category)
        else:
            self.editions.edition(edition_id)
        return {"_id": f"{edition_id}|{name}", "version": 0, "rows": []}

    async def leaderboard(self, edition_id: str, category: str, offset: int, limit: int) -> Answer:
        """Ranked rows, a page of them (``total`` says how many there are)."""
        doc = await self._board(edition_id, category, category)
        frozen = await self.boards.state(edition_id) is not None
        return Answer(doc["rows"][offset:offset + limit],
                      f"{doc['_id']}-{doc['version']}-{'frozen' if frozen else 'live'}-{offset}-{limit}",
                      self.editions.get(edition_id),
                      {"edition_id": edition_id, "category": category, "version": doc["version"], "frozen": frozen,
                       "total": len(doc["rows"]), "offset": offset, "limit": limit})

    async def leaderboards(self, edition_id: str) -> list[Document]:
        """Each built leaderboard's category, version and top three."""
        built = await self.boards.boards_of(edition_id, "leaderboard")
        if not built:
            self.editions.edition(edition_id)
        return [{"category": b["category"], "version": b["version"], "top": b["rows"][:3]} for b in built]

    async def table(self, edition_id: str, kind: str) -> Answer:
        doc = await self._board(edition_id, kind)
        return Answer(doc["rows"], f"{doc['_id']}-{doc['version']}", self.editions.get(edition_id))

    async def winners(self, edition_id: str) -> Answer:
        state = await self.boards.state(edition_id)
        if state is None:
            self.editions.edition(edition_id)
            raise NotFound(f"edition {edition_id} is not finalised yet; its leaderboards are at "
                           f"/editions/{edition_id}/leaderboards")
        return Answer(state["winners"], f"{edition_id}-winners", self.editions.get(edition_id),
                      {"edition_id": edition_id, "finalised_at": state["finalised_at"].isoformat(),
                       "forced_because": state["forced_because"]})

    async def medals(self, edition_id: str) -> tuple[Edition, Document | None, list[Document]]:
        """The edition, its finalisation record if any, and its medals: the recorded winners, or before
        finalisation the medals as they would fall now."""
        edition = self.editions.edition(edition_id)
        state = await self.boards.state(edition_id)
        if state is not None:
            return edition, state, state["winners"]
        boards = {b["category"]: b["rows"] for b in await self.boards.boards_of(edition_id, "leaderboard")}
        return edition, None, winners(boards)

    async def late_events(self, edition_id: str) -> list[Document]:
        late = await self.boards.late_events(edition_id)
        if not late:
            self.editions.edition(edition_id)
        return late

    def names(self, edition_id: str) -> Document:
        """The edition's names in Arabic and English: categories, countries, sectors (for labels)."""
        edition = self.editions.edition(edition_id)
        return {"edition_id": edition.id, "name": {"ar": edition.name_ar, "en": edition.name_en},
                **{kind: {n.code: {"ar": n.name_ar, "en": n.name_en} for n in getattr(edition, kind)}
                   for kind in ("categories", "countries", "sectors")}}
