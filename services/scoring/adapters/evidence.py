"""Scoring's own database: nominations with their evidence, judges, recusals, the voters' ledger and
parked scores (``parked_scores``). Every write is safe to repeat: a single-document operation, or a bulk
write of such operations (one per document)."""

from collections.abc import Iterable
from datetime import datetime
from itertools import zip_longest
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from shared.durability import deciding
from shared.events.nomination import NominationAccepted, NominationRejected
from shared.events.scoring import JudgeRegistered, JuryScoreSubmitted
from shared.guarded import apply_all_if_newer, apply_if_newer, if_newer
from shared.mongo import Document, by_ids
from shared.owned_documents import OwnedDocuments, Ownership

from .parked_scores import MongoParkedScores
from .refusals import MongoRefusals
from .voter_codes import MongoVoterCodes
from .votes import MongoVotes


class MongoEvidence:
    """Implements ``service_layer.ports.ScoringStore`` on scoring's database."""

    def __init__(self, db: AsyncDatabase[Document], ownership: Ownership, parked_scores_max: int = 10_000) -> None:
        # Several consumers and the standings step write one nomination's document, each write atomic on
        # the database; the standings rounds read whole categories from memory while this process is the
        # only writer.
        self.nominations = OwnedDocuments(db["nominations"], ownership)
        self.judges = deciding(db["judges"])
        self.recusals = deciding(db["recusals"])
        self.voters = deciding(db["voters"])
        self.votes = MongoVotes(self.voters, self.nominations)
        self.parked = MongoParkedScores(db["parked_scores"], ownership, parked_scores_max)
        self.audit_flags = db["audit_flags"]
        self.refusals = MongoRefusals(db["judge_refusals"])
        self.voter_codes = MongoVoterCodes(deciding(db["voter_codes"]))
        self.changes = db["category_changes"]  # {_id: "edition|category", n}: evidence writes counted

    async def prepare(self) -> None:
        await self.nominations.create_index([("edition_id", 1), ("category", 1), ("status", 1)])
        await self.parked.prepare()
        await self.refusals.prepare()

    # -- nominations ------------------------------------------------------------------------------
    async def screened(self, screenings: list[tuple[NominationAccepted | NominationRejected, str, datetime]],
                       first: dict[str, tuple[int, dict[str, Any]]]) -> None:
        """``[(nomination, status, screened at)]`` in one bulk write (the last of a nomination wins), with
        the ``first`` standings ``{nomination id: (version, body)}`` of nominations absent until now."""
        if screenings:
            await self.nominations.bulk_update({n.nomination_id: UpdateOne({"_id": n.nomination_id}, {"$set": {
                "status": status, "edition_id": n.edition_id, "category": n.category, "country": n.country,
                "name_ar": n.nominee.name_ar, "name_en": n.nominee.name_en, "accepted_at": at, "sector": n.sector,
                "accounts": [account.model_dump() for account in n.accounts],
                "reported": n.metrics.model_dump() if n.metrics else None,
                **_standing(first.get(n.nomination_id))}}, upsert=True) for n, status, at in screenings})

    async def nomination(self, nomination_id: str) -> dict[str, Any] | None:
        return await self.nominations.find_one({"_id": nomination_id})

    def absent(self, nomination_id: str) -> bool:
        return self.nominations.absent(nomination_id)

    def stamp(self, nomination_id: str) -> int | None:
        return self.nominations.stamp(nomination_id)

    async def nominations_by_id(self, nomination_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        return {doc["_id"]: doc for doc in await by_ids(self.nominations, nomination_ids)}

    async def accepted_in(self, edition_id: str, category: str) -> list[dict[str, Any]]:
        return await self.nominations.matching({"edition_id": edition_id, "category": category,
                                                "status": "accepted"})

    async def accepted_in_edition(self, edition_id: str) -> list[dict[str, Any]]:
        return await self.nominations.matching({"edition_id": edition_id, "status": "accepted"})

    async def categories(self) -> list[tuple[str, str]]:
        return sorted({(doc["edition_id"], doc["category"])
                       for doc in await self.nominations.matching({"status": "accepted"})})

    # -- jury -------------------------------------------------------------------------------------
    async def set_scores(self, scores: list[tuple[JuryScoreSubmitted, str]]) -> None:
        """``[(score, event id)]``: each judge's highest version per nomination is kept, here and stored. One
        bulk write per layer (a bulk write names each document once: a nomination's second judge in the
        batch goes in the next layer)."""
        newest: dict[tuple[str, str], tuple[JuryScoreSubmitted, str]] = {}
        for score, event_id in scores:
            kept = newest.get((score.nomination_id, score.judge_id))
            if kept is None or score.version > kept[0].version:
                newest[(score.nomination_id, score.judge_id)] = (score, event_id)
        by_nomination: dict[str, list[tuple[JuryScoreSubmitted, str]]] = {}
        for score, event_id in newest.values():
            by_nomination.setdefault(score.nomination_id, []).append((score, event_id))
        for layer in zip_longest(*by_nomination.values()):
            await apply_all_if_newer(self.nominations, {
                score.nomination_id: if_newer(score.nomination_id, f"jury.{score.judge_id}.version", score.version,
                                              {"$set": {f"jury.{score.judge_id}.scores": score.scores,
                                                        f"jury.{score.judge_id}.comment": score.comment,
                                                        f"jury.{score.judge_id}.event_id": event_id}})
                for score, event_id in filter(None, layer)})

    async def drop_score(self, nomination_id: str, judge_id: str) -> None:
        await self.nominations.update_one({"_id": nomination_id}, {"$unset": {f"jury.{judge_id}": ""}})

    async def register_judge(self, judge: JudgeRegistered, at: datetime) -> None:
        await apply_if_newer(self.judges, judge.judge_id, "at", at, {"$set": judge.model_dump()})

    async def judges_by_id(self, judge_ids: Iterable[str]) -> dict[str, JudgeRegistered]:
        return {doc.pop("_id"): JudgeRegistered.model_validate({k: v for k, v in doc.items() if k != "at"})
                for doc in await by_ids(self.judges, judge_ids)}

    async def all_judges(self) -> list[JudgeRegistered]:
        return [JudgeRegistered.model_validate(doc) async for doc in self.judges.find({}, {"_id": 0, "at": 0})]

    async def recuse(self, judge_id: str, nomination_id: str, reason: str) -> None:
        await self.recusals.update_one({"_id": f"{judge_id}|{nomination_id}"},
                                       {"$set": {"judge_id": judge_id, "nomination_id": nomination_id,
                                                 "reason": reason}}, upsert=True)

    async def recusals_among(self, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """The (judge, nomination) pairs among ``pairs`` where the judge recused themself."""
        return {(doc["judge_id"], doc["nomination_id"])
                for doc in await by_ids(self.recusals, (f"{judge}|{nomination}" for judge, nomination in pairs))}

    async def recused_judges(self, nomination_id: str) -> set[str]:
        return {doc["judge_id"] async for doc in self.recusals.find({"nomination_id": nomination_id})}

    # -- metrics and votes ------------------------------------------------------------------------
    async def set_metrics(self, nomination_id: str, measured_to: datetime, values: dict[str, float]) -> bool:
        """Keeps the snapshot measured last, whatever order snapshots arrive in."""
        return await apply_if_newer(self.nominations, nomination_id, "metrics_measured_to", measured_to,
                                    {"$set": {"metrics": values}})

    # -- standings --------------------------------------------------------------------------------
    async def note_changes(self, categories: set[tuple[str, str]]) -> None:
        """One ``$inc`` per category in one unordered bulk write; each an atomic upsert of its document."""
        if categories:
            await self.changes.bulk_write([UpdateOne({"_id": f"{edition_id}|{category}"}, {"$inc": {"n": 1}},
                                                     upsert=True) for edition_id, category in sorted(categories)],
                                          ordered=False)

    async def changes_of(self, categories: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        if not categories:  # never an empty $in: FerretDB would read the whole collection
            return {}
        ids = {f"{edition_id}|{category}": (edition_id, category) for edition_id, category in categories}
        found = {doc["_id"]: doc["n"] async for doc in self.changes.find({"_id": {"$in": list(ids)}})}
        return {key: found.get(doc_id, 0) for doc_id, key in ids.items()}

    async def store_standings(self, standings: dict[str, tuple[int, dict[str, Any]]]) -> None:
        """``{nomination id: (version, standing)}`` in one bulk write, each kept only over an older version."""
        if standings:
            await self.nominations.bulk_update({
                nomination_id: if_newer(nomination_id, "standing_version", version, {"$set": {"standing": body}},
                                        create=False)
                for nomination_id, (version, body) in standings.items()})

    async def flags_published(self, flag_ids: list[str]) -> set[str]:
        return {doc["_id"] for doc in await by_ids(self.audit_flags, flag_ids, {"_id": 1})}

    async def record_flag(self, flag_id: str) -> None:
        await self.audit_flags.update_one({"_id": flag_id}, {"$setOnInsert": {"published": True}}, upsert=True)


def _standing(versioned: tuple[int, dict[str, Any]] | None) -> dict[str, Any]:
    return {} if versioned is None else {"standing_version": versioned[0], "standing": versioned[1]}
