"""The voters' ledger, the parked scores and the refusals of scoring's in-memory store
(``scoring.FakeScoringStore``), answering as ``adapters/votes.py``, ``adapters/parked_scores.py`` and
``adapters/refusals.py`` do: a scope claimed once, a tally moved once per position and only by a write with
something new, a parking with a limit, a refusal kept once per refused score."""

import dataclasses
from datetime import datetime
from typing import Any, Literal, Protocol

from services.scoring.domain.voter_codes import Issued
from services.scoring.service_layer.ports import Claim, NominationDocument
from shared.events.scoring import JudgingRejected


class Documents(Protocol):
    """The nominations' documents of the store the ledger counts into."""

    documents: dict[str, NominationDocument]

    def write(self, nomination_id: str) -> NominationDocument: ...
    def refused(self, nomination_id: str) -> None: ...


class FakeVotes:
    def __init__(self, documents: "Documents") -> None:
        self.documents = documents
        self.voters: dict[str, Claim] = {}

    async def counted_vote(self, scope: str) -> dict[str, Any] | None:
        held = self.voters.get(scope)
        return None if held is None else {"nomination_id": held[0], "at": held[4]}

    async def first(self, votes: dict[str, Claim]) -> set[str]:
        counted = set()
        for scope, claim in votes.items():
            held = self.voters.setdefault(scope, claim)
            if held[2:4] == claim[2:4]:
                counted.add(scope)
        return counted

    async def count(self, tallied: list[tuple[str, int, int]], known: dict[str, NominationDocument]) -> None:
        """One guarded write per nomination and partition with offsets above the position ``known`` held,
        none otherwise (the adapter sends no write then: nothing is created, no stamp moves)."""
        for nomination_id in {nomination_id for nomination_id, _, _ in tallied}:
            for partition in {p for n, p, _ in tallied if n == nomination_id}:
                offsets = sorted(o for n, p, o in tallied if (n, p) == (nomination_id, partition))
                held = known.get(nomination_id, {}).get("vote_positions", {}).get(f"p{partition}", -1)
                new = [offset for offset in offsets if offset > held]
                if not new:
                    continue
                stored = self.documents.documents.get(nomination_id, {}).get("vote_positions", {})
                if stored.get(f"p{partition}", -1) >= new[0]:
                    self.documents.refused(nomination_id)
                    continue
                doc = self.documents.write(nomination_id)
                doc["votes"] = doc.get("votes", 0) + len(new)
                doc.setdefault("vote_positions", {})[f"p{partition}"] = new[-1]


class FakeParkedScores:
    def __init__(self, limit: int = 10_000) -> None:
        self.limit = limit
        self.parked: dict[str, dict[str, Any]] = {}

    async def park(self, event_id: str, raw: str, nomination_id: str, judge_id: str) -> bool:
        if len(self.parked) >= self.limit and event_id not in self.parked:
            return False
        self.parked[event_id] = {"_id": event_id, "event": raw, "nomination_id": nomination_id,
                                 "judge_id": judge_id}
        return True

    async def parked_for(self, *, nomination_ids: list[str] | None = None,
                         judge_id: str | None = None) -> list[dict[str, Any]]:
        return [doc for _, doc in sorted(self.parked.items())
                if (doc["nomination_id"] in nomination_ids if nomination_ids is not None
                    else doc["judge_id"] == judge_id)]

    async def unpark(self, scores: list[tuple[str, str]]) -> None:
        for event_id, _ in scores:
            self.parked.pop(event_id, None)


class FakeRefusals:
    """Refusals by the refused score's event id, as ``adapters.refusals`` keys them."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[JudgingRejected, datetime]] = {}

    async def record(self, refused: list[tuple[JudgingRejected, datetime]]) -> None:
        for answer, at in refused:
            self.kept.setdefault(answer.score_event_id, (answer, at))

    async def of(self, judge_id: str, nomination_id: str) -> list[tuple[JudgingRejected, datetime]]:
        mine = [(a, at) for a, at in self.kept.values() if (a.judge_id, a.nomination_id) == (judge_id, nomination_id)]
        return sorted(mine, key=lambda refusal: refusal[1], reverse=True)[:20]


class FakeVoterCodes:
    """Codes per address (voter id), answering as ``adapters/voter_codes.py`` does."""

    def __init__(self) -> None:
        self.kept: dict[str, Issued] = {}

    async def issued(self, voter: str) -> Issued | None:
        return self.kept.get(voter)

    async def replace(self, voter: str, new: Issued, previous: Issued | None) -> bool:
        if self.kept.get(voter) != previous:
            return False
        self.kept[voter] = new
        return True

    async def attempt(self, voter: str, scope: str, given_hash: str,
                      now: datetime) -> Literal["matched", "wrong", "spent", "no code"]:
        held = self.kept.get(voter)
        if held is None or held.scope != scope or held.code_hash == "used":
            return "no code"
        if held.tries_left <= 0 or held.expires_at <= now:
            return "spent"
        self.kept[voter] = dataclasses.replace(held, tries_left=held.tries_left - 1)
        if held.code_hash != given_hash:
            return "wrong"
        self.kept[voter] = dataclasses.replace(held, code_hash="used", tries_left=0)
        return "matched"
