"""In-memory stand-ins for the results service's ports (services/results/service_layer/ports.py), for unit
tests of its service layer only; the Mongo and Kafka adapters are proven on the real servers by the
integration and e2e tiers."""

import copy
from collections.abc import Hashable
from datetime import datetime
from typing import Any

from services.results.service_layer.ports import Document, Elsewhere, HistoryExpired, Stored
from shared.edition import Edition
from shared.events.envelope import CloudEvent
from shared.names import normalise_arabic, normalise_latin
from shared.topics import Topic


class FakeNominationsView:
    """Answers as services/results/adapters/nominations_view.py does: ``get`` and ``search`` name a
    nomination by ``nomination_id`` (no ``_id``), and ``search`` compares ``text`` with the stored search
    keys in their normal form (shared/names.py), as its ``search_filter`` does."""

    def __init__(self) -> None:
        self.stored: dict[str, Document] = {}

    async def prepare(self) -> None:
        pass

    async def apply_screenings(self, screenings: dict[str, Document]) -> None:
        for nomination_id, fields in screenings.items():
            self.stored.setdefault(nomination_id, {"_id": nomination_id}).update(fields)

    async def apply_standings(self, standings: dict[str, tuple[int, Document]]) -> None:
        for nomination_id, (version, fields) in standings.items():
            doc = self.stored.setdefault(nomination_id, {"_id": nomination_id})
            if doc.get("standing_version", 0) < version:
                doc.update(fields, standing_version=version)

    async def get(self, nomination_id: str) -> Document | None:
        doc = self.stored.get(nomination_id)
        return None if doc is None else _public(doc)

    async def search(self, fields: dict[str, str], text: str | None, limit: int, offset: int) -> list[Document]:
        found = [_public(doc) for _, doc in sorted(self.stored.items())
                 if all(doc.get(k) == v for k, v in fields.items()) and (text is None or _named(doc, text))]
        return found[offset:offset + limit]

    async def of_edition(self, edition_id: str) -> list[Document]:
        return [{**doc, "nomination_id": nid} for nid, doc in self.stored.items()
                if doc.get("edition_id") == edition_id]

    async def edition_ids(self) -> list[str]:
        return sorted({doc["edition_id"] for doc in self.stored.values() if "edition_id" in doc})


def _public(doc: Document) -> Document:
    public = {k: v for k, v in doc.items() if k != "_id"}
    public["nomination_id"] = doc["_id"]
    return public


def _named(doc: Document, text: str) -> bool:
    """A name containing ``text``: a regular expression of the normal form matches only a stored key."""
    if "search_ar" in doc and normalise_arabic(text) in doc["search_ar"]:
        return True
    latin = normalise_latin(text)
    return bool(latin) and "search_en" in doc and latin in doc["search_en"]


class FakeBoards:
    def __init__(self) -> None:
        self.stored: dict[str, Document] = {}
        self.records: dict[str, Document] = {}
        self.late: dict[str, Document] = {}
        self.writes = 0
        self.written_elsewhere = Elsewhere([], set())  # what another instance wrote, handed out once
        self.announced_here: set[str] = set()

    async def prepare(self) -> None:
        pass

    async def replace(self, key: str, kind: str, edition_id: str, rows: list[Document], **extra: Any) -> Stored:
        current = self.stored.get(key)
        if current is not None and current["rows"] == rows and all(current.get(k) == v for k, v in extra.items()):
            return Stored(current["version"], changed=False)
        version = (current or {}).get("version", 0) + 1
        self.stored[key] = {"_id": key, "kind": kind, "edition_id": edition_id, **extra, "version": version,
                            "rows": copy.deepcopy(rows)}
        self.writes += 1
        return Stored(version, changed=True)

    async def board(self, key: str) -> Document | None:
        return copy.deepcopy(self.stored.get(key))

    async def board_version(self, key: str) -> int | None:
        return self.stored[key]["version"] if key in self.stored else None

    async def boards_of(self, edition_id: str, kind: str) -> list[Document]:
        return [copy.deepcopy(b) for key, b in sorted(self.stored.items())
                if b["edition_id"] == edition_id and b["kind"] == kind]

    async def state(self, edition_id: str) -> Document | None:
        return copy.deepcopy(self.records.get(edition_id))

    async def begin_finalisation(self, edition_id: str, winners: list[Document], at: datetime,
                                 forced_because: str | None) -> Document:
        self.records.setdefault(edition_id, {"_id": edition_id, "winners": winners, "finalised_at": at,
                                             "forced_because": forced_because, "announced": False})
        return copy.deepcopy(self.records[edition_id])

    async def finalisations(self) -> list[Document]:
        return [{"record": copy.deepcopy(record),
                 "boards": [copy.deepcopy(b) for b in self.stored.values() if b["edition_id"] == edition_id]}
                for edition_id, record in self.records.items()]

    async def restore(self, finalisation: Document) -> None:
        for board in finalisation["boards"]:
            self.stored[board["_id"]] = copy.deepcopy(board)
        self.records[finalisation["record"]["_id"]] = copy.deepcopy(finalisation["record"])

    async def mark_announced(self, edition_id: str) -> None:
        self.records[edition_id]["announced"] = True

    async def record_late(self, event_id: str, edition_id: str, nomination_id: str, kind: str) -> None:
        self.late[event_id] = {"_id": event_id, "edition_id": edition_id, "nomination_id": nomination_id,
                               "kind": kind}

    async def late_events(self, edition_id: str) -> list[Document]:
        return [doc for doc in self.late.values() if doc["edition_id"] == edition_id]

    async def changes_elsewhere(self) -> Elsewhere:
        found, self.written_elsewhere = self.written_elsewhere, Elsewhere([], set())
        return found

    def announced(self, edition_id: str) -> None:
        self.announced_here.add(edition_id)


class FakeMilestones:
    def __init__(self) -> None:
        self.stored: dict[str, Document] = {}

    async def get(self, key: str) -> Document:
        return copy.deepcopy(self.stored.get(key) or {"_id": key, "podium": [], "change": 0, "fully_scored": False,
                                                      "outbox": []})

    async def record(self, key: str, podium: list[str], change: int, fully_scored: bool,
                     outbox: list[Document]) -> None:
        self.stored[key] = {"_id": key, "podium": podium, "change": change, "fully_scored": fully_scored,
                            "outbox": outbox}

    async def clear_outbox(self, key: str) -> None:
        self.stored[key]["outbox"] = []

    async def with_outbox(self) -> list[Document]:
        return [copy.deepcopy(doc) for doc in self.stored.values() if doc["outbox"]]


class FakeEventBus:
    def __init__(self) -> None:
        self.published: list[tuple[Topic, CloudEvent[Any], str]] = []

    async def publish(self, topic: Topic, event: CloudEvent[Any], key: str) -> None:
        self.published.append((topic, event, key))

    def types(self) -> list[str]:
        return [event.type for _, event, _ in self.published]


class FakeEditions:
    def __init__(self, *editions: Edition) -> None:
        self.editions = {edition.id: edition for edition in editions}
        self.finalised: dict[str, datetime] = {}

    def get(self, edition_id: str) -> Edition | None:
        return self.editions.get(edition_id)

    def known(self) -> list[str]:
        return sorted(self.editions)

    def finalised_at(self, edition_id: str) -> datetime | None:
        return self.finalised.get(edition_id)


class FakeGenerationPointer:
    def __init__(self) -> None:
        self.live, self.last_attempt = 0, 0
        self.discarded: list[int] = []

    async def active(self) -> int:
        return self.live

    async def activate(self, generation: int) -> None:
        self.live = generation

    async def attempted(self) -> int:
        return self.last_attempt

    async def record_attempt(self, generation: int) -> None:
        self.last_attempt = max(self.last_attempt, generation)

    async def discard(self, generation: int) -> None:
        self.discarded.append(generation)


class FakeReplayOffsets:
    """``ends`` per partition; a generation's group commits what ``committed_by`` says."""

    def __init__(self, ends: dict[Hashable, int], expired: bool = False) -> None:
        self.ends, self.expired = ends, expired
        self.committed_by: dict[str, dict[Hashable, int]] = {}

    async def end_offsets(self) -> dict[Hashable, int]:
        if self.expired:
            raise HistoryExpired("editions/0 no longer starts at offset 0")
        return dict(self.ends)

    async def committed(self, group: str) -> dict[Hashable, int]:
        return dict(self.committed_by.get(group, {}))
