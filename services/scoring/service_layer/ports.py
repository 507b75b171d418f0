"""What scoring's service layer needs from the world, declared here and implemented by the adapters
(MongoDB: ``adapters.evidence``, ``adapters.votes``, ``adapters.parked_scores``; Kafka: ``shared.kafka.EventBus``)
and by the in-memory fakes of the unit tests (``tests/unit/fakes/scoring.py``).

A nomination is handed over as the document scoring stores (``NominationDocument``): ``_id``, ``status``,
``edition_id``, ``category``, ``country``, ``name_ar``, ``name_en``, ``accepted_at``, what judges read on
the sheet (``sector``, ``accounts``: ``[{"platform", "url"}]``, ``reported``: the nominator's figures or None),
and the evidence when there is some: ``jury`` (judge → ``{"scores", "comment", "event_id", "version"}``),
``metrics``, ``votes``, ``vote_positions`` (``p<partition>`` → last counted offset), ``standing`` and
``standing_version``.
Every write is safe to repeat (the contracts of the adapters say how).
"""

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Literal, Protocol

from shared.edition import Edition
from shared.events.envelope import CloudEvent
from shared.events.nomination import NominationAccepted, NominationRejected
from shared.events.scoring import JudgeRegistered, JudgingRejected, JuryScoreSubmitted
from shared.topics import Topic

from ..domain.voter_codes import Issued

NominationDocument = dict[str, Any]
Versioned = tuple[int, dict[str, Any]]  # (version, published body without the version)
Screening = tuple[NominationAccepted | NominationRejected, str, datetime]  # nomination, status, screened at
Claim = tuple[str, str, int, int, datetime]  # nomination id, event id, partition, offset, the vote's time
EditionOf = Callable[[str], Edition | None]  # an edition by id, None while it is not read
FinalisedAt = Callable[[str], datetime | None]  # when an edition was finalised, if it was


class Nominations(Protocol):
    """The nominations scoring knows, with their evidence and stored standings."""

    async def screened(self, screenings: list[Screening], first: dict[str, Versioned]) -> None: ...
    async def nomination(self, nomination_id: str) -> NominationDocument | None: ...
    async def nominations_by_id(self, nomination_ids: Iterable[str]) -> dict[str, NominationDocument]: ...
    async def accepted_in(self, edition_id: str, category: str) -> list[NominationDocument]: ...
    async def accepted_in_edition(self, edition_id: str) -> list[NominationDocument]: ...
    async def categories(self) -> list[tuple[str, str]]: ...
    async def set_scores(self, scores: list[tuple[JuryScoreSubmitted, str]]) -> None: ...
    async def drop_score(self, nomination_id: str, judge_id: str) -> None: ...
    async def set_metrics(self, nomination_id: str, measured_to: datetime, values: dict[str, float]) -> bool: ...
    async def store_standings(self, standings: dict[str, Versioned]) -> None: ...

    async def note_changes(self, categories: set[tuple[str, str]]) -> None:
        """Counts a change of each category's evidence, for every instance's rounds to see."""
        ...

    async def changes_of(self, categories: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """How many changes of each category's evidence were counted (0 for none)."""
        ...

    def absent(self, nomination_id: str) -> bool:
        """Certainly not stored (only while this process is the sole writer; False when unsure)."""
        ...

    def stamp(self, nomination_id: str) -> int | None:
        """Changes whenever the document is written; None when unknown (then it counts as changed)."""
        ...


class Panel(Protocol):
    """The judges and their recusals."""

    async def register_judge(self, judge: JudgeRegistered, at: datetime) -> None: ...
    async def judges_by_id(self, judge_ids: Iterable[str]) -> dict[str, JudgeRegistered]: ...
    async def all_judges(self) -> list[JudgeRegistered]: ...
    async def recuse(self, judge_id: str, nomination_id: str, reason: str) -> None: ...
    async def recusals_among(self, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]: ...
    async def recused_judges(self, nomination_id: str) -> set[str]: ...


class AuditFlags(Protocol):
    """The jury-audit flags already told."""

    async def flags_published(self, flag_ids: list[str]) -> set[str]: ...
    async def record_flag(self, flag_id: str) -> None: ...


class Votes(Protocol):
    """The voters' ledger and the nominations' tallies."""

    async def counted_vote(self, scope: str) -> dict[str, Any] | None:
        """The scope's counted vote: ``nomination_id`` and ``at`` (absent on ledger entries written without a time)."""
        ...

    async def first(self, votes: dict[str, Claim]) -> set[str]:
        """The scopes whose counted vote is the given record (claimed now or before by the same record)."""
        ...

    async def count(self, tallied: list[tuple[str, int, int]], known: dict[str, NominationDocument]) -> None:
        """Each ``(nomination id, partition, offset)`` added to its tally at most once."""
        ...


class ParkedScores(Protocol):
    """Jury scores waiting for their nomination or judge."""

    async def park(self, event_id: str, raw: str, nomination_id: str, judge_id: str) -> bool:
        """False when the parking is full and the score was not parked (the caller refuses it)."""
        ...

    async def parked_for(self, *, nomination_ids: list[str] | None = None,
                         judge_id: str | None = None) -> list[dict[str, Any]]: ...
    async def unpark(self, scores: list[tuple[str, str]]) -> None: ...


class Refusals(Protocol):
    """The scores refused (``judging.rejected``), kept for the judge's sheet. Recording one twice (a
    redelivered score) keeps one."""

    async def record(self, refused: list[tuple[JudgingRejected, datetime]]) -> None: ...

    async def of(self, judge_id: str, nomination_id: str) -> list[tuple[JudgingRejected, datetime]]:
        """The judge's refusals for this nomination, the latest first."""
        ...


class VoterCodes(Protocol):
    """The one-time codes sent to voters, per address (its voter id; the contract is
    ``adapters/voter_codes.py``'s)."""

    async def issued(self, voter: str) -> Issued | None: ...
    async def replace(self, voter: str, new: Issued, previous: Issued | None) -> bool: ...
    async def attempt(self, voter: str, scope: str, given_hash: str,
                      now: datetime) -> Literal["matched", "wrong", "spent", "no code"]: ...


class ScoringStore(Nominations, Panel, AuditFlags, Protocol):
    """Scoring's database as one unit: the repositories the service layer writes through."""

    @property
    def votes(self) -> Votes: ...

    @property
    def refusals(self) -> Refusals: ...

    @property
    def voter_codes(self) -> VoterCodes: ...

    @property
    def parked(self) -> ParkedScores: ...


class EventPublisher(Protocol):
    """Kafka as the service layer publishes to it (acks=all: a return means the log holds the events)."""

    async def publish(self, topic: Topic, event: CloudEvent[Any], key: str) -> None: ...

    async def publish_each(self, topic: Topic, keyed: list[tuple[CloudEvent[Any], str]]
                           ) -> list[BaseException | None]: ...

    async def publish_all(self, topic: Topic, keyed: list[tuple[CloudEvent[Any], str]]) -> None: ...
