"""What the results service layer needs from the world, as Protocols it declares: the nominations view,
the boards and finalisation records, what was told about each category, the event bus, the editions it
knows, and, for a rebuild by replay, the generation pointer and the log's offsets. The Mongo and Kafka
adapters implement them; ``tests/unit/fakes/results.py`` holds an in-memory fake of each."""

from collections.abc import Hashable
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from shared.edition import Edition
from shared.events.envelope import CloudEvent
from shared.topics import Topic

Document = dict[str, Any]


class Stored(NamedTuple):
    """A board after ``Boards.replace``: its version, and whether this call changed it."""

    version: int
    changed: bool


class Elsewhere(NamedTuple):
    """What other instances wrote: the broadcast notices for it, and the editions whose boards they moved."""

    notices: list[Document]
    editions: set[str]


class HistoryExpired(Exception):
    """A topic no longer starts at offset 0: a replay would build an incomplete read model."""


class NominationsView(Protocol):
    async def prepare(self) -> None: ...

    async def apply_screenings(self, screenings: dict[str, Document]) -> None: ...

    async def apply_standings(self, standings: dict[str, tuple[int, Document]]) -> None: ...

    async def get(self, nomination_id: str) -> Document | None: ...

    async def search(self, fields: dict[str, str], text: str | None, limit: int, offset: int) -> list[Document]:
        """A page, by id, of the nominations whose ``fields`` equal those given and, with ``text``, whose
        Arabic or English name contains it in the normal form (hamza, diacritics and case never hide one)."""
        ...

    async def of_edition(self, edition_id: str) -> list[Document]:
        """Every nomination of the edition with the fields the boards read, ``nomination_id`` included."""
        ...

    async def edition_ids(self) -> list[str]: ...


class BoardReads(Protocol):
    """What the readers of the boards ask for."""

    async def board(self, key: str) -> Document | None: ...

    async def board_version(self, key: str) -> int | None: ...

    async def boards_of(self, edition_id: str, kind: str) -> list[Document]: ...

    async def state(self, edition_id: str) -> Document | None:
        """The edition's finalisation record (winners, finalised_at, forced_because, announced), if any."""
        ...

    async def late_events(self, edition_id: str) -> list[Document]: ...


class Boards(BoardReads, Protocol):
    async def prepare(self) -> None: ...

    async def replace(self, key: str, kind: str, edition_id: str, rows: list[Document], **extra: Any) -> Stored: ...

    async def begin_finalisation(self, edition_id: str, winners: list[Document], at: datetime,
                                 forced_because: str | None) -> Document:
        """Records the winners once; a second call gets the first record back."""
        ...

    async def finalisations(self) -> list[Document]: ...

    async def restore(self, finalisation: Document) -> None: ...

    async def mark_announced(self, edition_id: str) -> None: ...

    async def record_late(self, event_id: str, edition_id: str, nomination_id: str, kind: str) -> None: ...

    async def changes_elsewhere(self) -> Elsewhere:
        """Boards and announcements written by other processes since the last call (none at the first)."""
        ...

    def announced(self, edition_id: str) -> None:
        """This process announced the edition's winners itself."""
        ...


class Milestones(Protocol):
    async def get(self, key: str) -> Document: ...

    async def record(self, key: str, podium: list[str], change: int, fully_scored: bool,
                     outbox: list[Document]) -> None: ...

    async def clear_outbox(self, key: str) -> None: ...

    async def with_outbox(self) -> list[Document]: ...


class EventPublisher(Protocol):
    async def publish(self, topic: Topic, event: CloudEvent[Any], key: str) -> None: ...


class EditionCatalogue(Protocol):
    def get(self, edition_id: str) -> Edition | None: ...

    def known(self) -> list[str]: ...

    def finalised_at(self, edition_id: str) -> datetime | None: ...


class GenerationPointer(Protocol):
    """Which generation of the read models is live, and the numbers rebuilds have used."""

    async def active(self) -> int: ...

    async def activate(self, generation: int) -> None: ...

    async def attempted(self) -> int: ...

    async def record_attempt(self, generation: int) -> None: ...

    async def discard(self, generation: int) -> None:
        """Drops whatever an earlier attempt left in that generation's database."""
        ...


class ReplayOffsets(Protocol):
    """Positions in the topics a generation replays."""

    async def end_offsets(self) -> dict[Hashable, int]:
        """Each partition's end offset; raises ``HistoryExpired`` when one no longer starts at 0."""
        ...

    async def committed(self, group: str) -> dict[Hashable, int]: ...
