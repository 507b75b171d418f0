"""Scoring's HTTP surface: judges' score and recusal intake, public votes, standings and progress.

Scores and votes are published to their topics and applied by the same consumers as events from other
systems, so one path decides; the HTTP answer (202) means Kafka holds the event.
"""

import asyncio
import hashlib
import hmac
import re
import time
from collections import defaultdict
from datetime import datetime, timezone
from typing import Annotated, Any

from aiokafka.errors import KafkaError
from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field, SecretStr, field_validator

from shared import topics
from shared.api_keys import holder_of
from shared.events.envelope import derived_id, new_event
from shared.events.scoring import (
    Code,
    Finite,
    JudgeRecused,
    JudgeRecusedEvent,
    JudgeRegistered,
    JudgeRegisteredEvent,
    JuryScoreSubmitted,
    JuryScoreSubmittedEvent,
    VoteCast,
    VoteCastEvent,
    voter_scope,
)
from shared.kafka import EventBus
from shared.settings import Settings

from ..adapters.evidence import MongoEvidence

SOURCE = "urn:socialgov:awards:scoring:http"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
PHONE = re.compile(r"^\+[1-9][0-9]{7,14}$")


class ScoreSheet(BaseModel):
    nomination_id: str = Field(min_length=1, max_length=100)
    scores: dict[Code, Annotated[Finite, Field(ge=0, le=10)]]
    comment: str | None = Field(None, max_length=4000)


class Recusal(BaseModel):
    nomination_id: str = Field(min_length=1, max_length=100)
    reason: str = Field(min_length=3, max_length=2000)


class Ballot(BaseModel):
    nomination_id: str = Field(min_length=1, max_length=100)
    contact: str = Field(description="A verified email address or an E.164 phone number.")

    @field_validator("contact")
    @classmethod
    def well_formed(cls, contact: str) -> str:
        normal = contact.strip().lower().replace(" ", "")
        if not (EMAIL.match(normal) or PHONE.match(normal)):
            raise ValueError("must be an email address or an E.164 phone number such as +201001234567")
        return normal


def voter_id(contact: str, secret: SecretStr) -> str:
    return hmac.new(secret.get_secret_value().encode(), contact.encode(), hashlib.sha256).hexdigest()


class RateLimit:
    """At most ``per_minute`` requests per client address in any sliding minute (in this process)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.seen: dict[str, list[float]] = defaultdict(list)

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        recent = [t for t in self.seen[client] if now - t < 60]
        self.seen[client] = recent
        if len(recent) >= self.per_minute:
            return False
        recent.append(now)
        return True


async def _publish(bus: EventBus, topic: Any, event: Any, key: str) -> None:
    try:
        await asyncio.wait_for(bus.publish(topic, event, key=key), 10)
    except (KafkaError, asyncio.TimeoutError, OSError) as error:
        raise HTTPException(503, detail="the event log is unavailable; retry later",
                            headers={"Retry-After": "5"}) from error


def scoring_router(bus: EventBus, store: MongoEvidence, settings: Settings, edition_of: Any) -> APIRouter:
    router = APIRouter()
    limit = RateLimit(settings.votes_per_minute)
    judge = holder_of(settings.judge_api_keys, "X-Judge-Key", "judging")
    operator = holder_of(settings.operator_api_keys, "X-Operator-Key", "managing judges")

    @router.post("/scores", status_code=202, tags=["jury"])
    async def submit_score(sheet: ScoreSheet, judge_id: Annotated[str, Depends(judge)]) -> dict:
        now = datetime.now(timezone.utc)
        version = int(now.timestamp() * 1000)  # a later sheet replaces an earlier one
        score = JuryScoreSubmitted(nomination_id=sheet.nomination_id, judge_id=judge_id,
                                   scores=sheet.scores, comment=sheet.comment, version=version)
        event = new_event(JuryScoreSubmittedEvent, score, source=SOURCE, time=now, subject=sheet.nomination_id,
                          id=derived_id("score", judge_id, sheet.nomination_id, str(version)))
        await _publish(bus, topics.JUDGING_SCORES, event, sheet.nomination_id)
        return {"score_event_id": event.id, "version": version}

    @router.post("/recusals", status_code=202, tags=["jury"])
    async def recuse(recusal: Recusal, judge_id: Annotated[str, Depends(judge)]) -> dict:
        data = JudgeRecused(judge_id=judge_id, nomination_id=recusal.nomination_id, reason=recusal.reason)
        event = new_event(JudgeRecusedEvent, data, source=SOURCE, subject=recusal.nomination_id,
                          id=derived_id("recusal", judge_id, recusal.nomination_id))
        await _publish(bus, topics.JUDGING_PANEL, event, judge_id)
        return {"recusal_event_id": event.id}

    @router.post("/votes", status_code=202, tags=["public"], responses={
        404: {"description": "Unknown nomination"}, 409: {"description": "Voting closed or already voted"},
        429: {"description": "Too many votes from this address"}})
    async def vote(ballot: Ballot, request: Request) -> dict:
        if not limit.allow(request.client.host if request.client else "unknown"):
            raise HTTPException(429, detail="too many votes from this address; wait a minute",
                                headers={"Retry-After": "60"})
        nomination = await store.nomination(ballot.nomination_id)
        if nomination is None or nomination.get("status") != "accepted":
            raise HTTPException(404, detail=f"no accepted nomination {ballot.nomination_id}")
        now = datetime.now(timezone.utc)
        edition = edition_of(nomination["edition_id"])
        if edition is None or not edition.windows.voting.is_open_at(now):
            raise HTTPException(409, detail="voting is not open for this edition")
        voter = voter_id(ballot.contact, settings.vote_secret)
        scope = voter_scope(nomination["edition_id"], nomination["category"], voter)
        if await store.voters.find_one({"_id": scope}) is not None:
            raise HTTPException(409, detail="this contact has already voted in this category")
        data = VoteCast(nomination_id=ballot.nomination_id, edition_id=nomination["edition_id"],
                        category=nomination["category"], voter=voter)
        event = new_event(VoteCastEvent, data, source=SOURCE, time=now, subject=ballot.nomination_id,
                          id=derived_id("vote", scope, ballot.nomination_id))
        await _publish(bus, topics.VOTES, event, scope)
        return {"vote_event_id": event.id}

    @router.post("/judges", status_code=202, tags=["jury"])
    async def register_judge(registered: JudgeRegistered, _: Annotated[str, Depends(operator)]) -> dict:
        event = new_event(JudgeRegisteredEvent, registered, source=SOURCE, subject=registered.judge_id,
                          id=derived_id("judge", registered.model_dump_json()))
        await _publish(bus, topics.JUDGING_PANEL, event, registered.judge_id)
        return {"judge_event_id": event.id}

    @router.get("/judges", tags=["jury"])
    async def judges(_: Annotated[str, Depends(operator)]) -> list[dict]:
        return [j.model_dump(exclude={"affiliations"}) for j in await store.all_judges()]

    @router.get("/standings/{nomination_id}", tags=["standings"])
    async def standing(nomination_id: str) -> dict:
        doc = await store.nomination(nomination_id)
        if doc is None or "standing" not in doc:
            raise HTTPException(404, detail=f"no standing for {nomination_id} (yet)")
        return doc["standing"] | {"version": doc["standing_version"]}

    return router
