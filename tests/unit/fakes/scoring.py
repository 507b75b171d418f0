"""In-memory stand-ins for scoring's ports (``services/scoring/service_layer/ports.py``), for unit tests of
the service layer only: each keeps what the Mongo adapter keeps and answers as it does (a version kept
only over an older one, a vote counted once per scope and position, a parking with a limit)."""

import copy
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from services.scoring.service_layer.ports import NominationDocument, Screening, Versioned
from shared.events.envelope import CloudEvent
from shared.events.scoring import JudgeRegistered, JuryScoreSubmitted
from shared.stored_time import as_stored
from shared.topics import Topic

from .scoring_ledgers import FakeParkedScores, FakeRefusals, FakeVoterCodes, FakeVotes

__all__ = ["FakeParkedScores", "FakeRefusals", "FakeScoringStore", "FakeVoterCodes", "FakeVotes", "RecordingBus"]


class FakeScoringStore:
    """Nominations, panel and audit flags in dictionaries; ``stamp`` changes with every write."""

    def __init__(self, parked_scores_max: int = 10_000) -> None:
        self.documents: dict[str, NominationDocument] = {}
        self.stamps: dict[str, int] = {}
        self.judges: dict[str, tuple[JudgeRegistered, datetime]] = {}
        self.recusals: dict[tuple[str, str], str] = {}
        self.flags: set[str] = set()
        self.changes: dict[tuple[str, str], int] = {}
        self.votes = FakeVotes(self)
        self.parked = FakeParkedScores(parked_scores_max)
        self.refusals = FakeRefusals()
        self.voter_codes = FakeVoterCodes()

    def write(self, nomination_id: str) -> NominationDocument:
        """The document to change in place (created when absent), its stamp moved."""
        self.stamps[nomination_id] = self.stamps.get(nomination_id, 0) + 1
        return self.documents.setdefault(nomination_id, {"_id": nomination_id})

    def refused(self, nomination_id: str) -> None:
        """A write sent and refused by its guard: nothing changes, but the adapter's stamp of an existing
        document moves all the same (``OwnedDocuments`` reads back every document a write named)."""
        if nomination_id in self.documents:
            self.stamps[nomination_id] += 1

    # -- nominations ------------------------------------------------------------------------------
    async def screened(self, screenings: list[Screening], first: dict[str, Versioned]) -> None:
        for n, status, at in screenings:
            doc = self.write(n.nomination_id)
            doc.update(status=status, edition_id=n.edition_id, category=n.category, country=n.country,
                       name_ar=n.nominee.name_ar, name_en=n.nominee.name_en, accepted_at=as_stored(at),
                       sector=n.sector, accounts=[a.model_dump() for a in n.accounts],
                       reported=n.metrics.model_dump() if n.metrics else None)
            if n.nomination_id in first:
                doc["standing_version"], doc["standing"] = first[n.nomination_id]

    async def nomination(self, nomination_id: str) -> NominationDocument | None:
        return copy.deepcopy(self.documents.get(nomination_id))

    async def nominations_by_id(self, nomination_ids: Iterable[str]) -> dict[str, NominationDocument]:
        return {nid: copy.deepcopy(self.documents[nid]) for nid in nomination_ids if nid in self.documents}

    async def accepted_in(self, edition_id: str, category: str) -> list[NominationDocument]:
        return [copy.deepcopy(d) for d in self.documents.values()
                if (d.get("edition_id"), d.get("category"), d.get("status")) == (edition_id, category, "accepted")]

    async def accepted_in_edition(self, edition_id: str) -> list[NominationDocument]:
        return [copy.deepcopy(d) for d in self.documents.values()
                if (d.get("edition_id"), d.get("status")) == (edition_id, "accepted")]

    async def categories(self) -> list[tuple[str, str]]:
        return sorted({(d["edition_id"], d["category"]) for d in self.documents.values()
                       if d.get("status") == "accepted"})

    async def set_scores(self, scores: list[tuple[JuryScoreSubmitted, str]]) -> None:
        newest: dict[tuple[str, str], tuple[JuryScoreSubmitted, str]] = {}
        for score, event_id in scores:  # as the adapter: one write per judge and nomination, the highest version
            kept = newest.get((score.nomination_id, score.judge_id))
            if kept is None or score.version > kept[0].version:
                newest[(score.nomination_id, score.judge_id)] = (score, event_id)
        for score, event_id in newest.values():
            jury = self.documents.get(score.nomination_id, {}).get("jury", {})
            if score.judge_id not in jury or jury[score.judge_id]["version"] < score.version:
                self.write(score.nomination_id).setdefault("jury", {})[score.judge_id] = {
                    "scores": dict(score.scores), "comment": score.comment, "event_id": event_id,
                    "version": score.version}
            else:
                self.refused(score.nomination_id)

    async def drop_score(self, nomination_id: str, judge_id: str) -> None:
        if nomination_id in self.documents:
            self.write(nomination_id).get("jury", {}).pop(judge_id, None)

    async def set_metrics(self, nomination_id: str, measured_to: datetime, values: dict[str, float]) -> bool:
        held = self.documents.get(nomination_id, {}).get("metrics_measured_to")
        if held is not None and held >= measured_to:
            self.refused(nomination_id)
            return False
        self.write(nomination_id).update(metrics=dict(values), metrics_measured_to=measured_to)
        return True

    async def note_changes(self, categories: set[tuple[str, str]]) -> None:
        for key in categories:
            self.changes[key] = self.changes.get(key, 0) + 1

    async def changes_of(self, categories: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        return {key: self.changes.get(key, 0) for key in categories}

    async def store_standings(self, standings: dict[str, Versioned]) -> None:
        for nomination_id, (version, body) in standings.items():
            doc = self.documents.get(nomination_id)
            if doc is not None and doc.get("standing_version", -1) < version:
                self.write(nomination_id).update(standing=copy.deepcopy(body), standing_version=version)
            else:
                self.refused(nomination_id)  # never created: the adapter's write does not upsert

    def absent(self, nomination_id: str) -> bool:
        return nomination_id not in self.documents

    def stamp(self, nomination_id: str) -> int | None:
        return self.stamps.get(nomination_id)

    # -- panel ------------------------------------------------------------------------------------
    async def register_judge(self, judge: JudgeRegistered, at: datetime) -> None:
        held = self.judges.get(judge.judge_id)
        if held is None or held[1] < at:
            self.judges[judge.judge_id] = (judge, at)

    async def judges_by_id(self, judge_ids: Iterable[str]) -> dict[str, JudgeRegistered]:
        return {jid: self.judges[jid][0] for jid in judge_ids if jid in self.judges}

    async def all_judges(self) -> list[JudgeRegistered]:
        return [judge for judge, _ in self.judges.values()]

    async def recuse(self, judge_id: str, nomination_id: str, reason: str) -> None:
        self.recusals[(judge_id, nomination_id)] = reason

    async def recusals_among(self, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        return {pair for pair in pairs if pair in self.recusals}

    async def recused_judges(self, nomination_id: str) -> set[str]:
        return {judge for judge, nid in self.recusals if nid == nomination_id}

    # -- audit flags ------------------------------------------------------------------------------
    async def flags_published(self, flag_ids: list[str]) -> set[str]:
        return self.flags & set(flag_ids)

    async def record_flag(self, flag_id: str) -> None:
        self.flags.add(flag_id)


class RecordingBus:
    """Kafka as the service layer sees it: every event acknowledged and recorded, unless ``refusals``
    asks for the next publications to fail as with a broker out of reach."""

    def __init__(self) -> None:
        self.published: list[tuple[str, CloudEvent[Any], str]] = []  # topic name, event, key
        self.refusals = 0

    def on(self, topic: Topic) -> list[CloudEvent[Any]]:
        return [event for name, event, _ in self.published if name == topic.name]

    async def publish(self, topic: Topic, event: CloudEvent[Any], key: str) -> None:
        await self.publish_all(topic, [(event, key)])

    async def publish_each(self, topic: Topic, keyed: list[tuple[CloudEvent[Any], str]]
                           ) -> list[BaseException | None]:
        if self.refusals and keyed:
            self.refusals -= 1
            return [ConnectionError("broker unreachable")] * len(keyed)
        self.published += [(topic.name, event, key) for event, key in keyed]
        return [None] * len(keyed)

    async def publish_all(self, topic: Topic, keyed: list[tuple[CloudEvent[Any], str]]) -> None:
        if failed := next((outcome for outcome in await self.publish_each(topic, keyed) if outcome), None):
            raise failed
