"""Scoring's HTTP surface: judges' score and recusal intake, public votes, standings and the judges.

Scores and votes are published to their topics and applied by the same consumers as events from other
systems, so one path decides; the HTTP answer (202) means Kafka holds the event. This module translates
requests to service-layer calls and their answers (or refusals) to HTTP.
"""

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field, field_validator

from shared import topics
from shared.api_keys import holder_of
from shared.events.scoring import Code, Finite, JudgeRegistered
from shared.kafka import EventBus
from shared.publishing import publish_or_503

from ..service_layer import submissions
from ..service_layer.ballots import BallotRefused, UnknownNomination, cast_vote, voter_id
from ..service_layer.ports import EditionOf, FinalisedAt, ScoringStore
from ..service_layer.reads import listed_judges, published_standing
from ..settings import ScoringSettings
from .rate_limit import RateLimit

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


def scoring_router(bus: EventBus, store: ScoringStore, settings: ScoringSettings,
                   edition_of: EditionOf, finalised_at: FinalisedAt) -> APIRouter:
    router = APIRouter()
    limit = RateLimit(settings.votes_per_minute, settings.rate_limit_clients)
    judge = holder_of(settings.judge_api_keys, "X-Judge-Key", "judging")
    operator = holder_of(settings.operator_api_keys, "X-Operator-Key", "managing judges")

    async def publish(topic: topics.Topic, keyed: submissions.Keyed) -> None:
        await publish_or_503(bus, topic, keyed.event, keyed.key, settings.publish_timeout_s)

    @router.post("/scores", status_code=202, tags=["jury"])
    async def submit_score(sheet: ScoreSheet, judge_id: Annotated[str, Depends(judge)]) -> dict[str, Any]:
        keyed = submissions.score_sheet(judge_id, sheet.nomination_id, sheet.scores, sheet.comment,
                                        datetime.now(UTC))
        await publish(topics.JUDGING_SCORES, keyed)
        return {"score_event_id": keyed.event.id, "version": keyed.event.data.version}

    @router.post("/recusals", status_code=202, tags=["jury"])
    async def recuse(recusal: Recusal, judge_id: Annotated[str, Depends(judge)]) -> dict[str, Any]:
        keyed = submissions.recusal(judge_id, recusal.nomination_id, recusal.reason)
        await publish(topics.JUDGING_PANEL, keyed)
        return {"recusal_event_id": keyed.event.id}

    @router.post("/votes", status_code=202, tags=["public"], responses={
        404: {"description": "Unknown nomination"},
        409: {"description": "Voting closed (outside the window, or the edition finalised) or already voted"},
        429: {"description": "Too many votes from this address"}})
    async def vote(ballot: Ballot, request: Request) -> dict[str, Any]:
        if not limit.allow(request.client.host if request.client else "unknown"):
            raise HTTPException(429, detail="too many votes from this address; wait a minute",
                                headers={"Retry-After": "60"})
        voter = voter_id(ballot.contact, settings.vote_secret.get_secret_value())
        try:
            keyed = await cast_vote(ballot.nomination_id, voter, store, edition_of, finalised_at, datetime.now(UTC))
        except BallotRefused as refused:
            raise HTTPException(404 if isinstance(refused, UnknownNomination) else 409, detail=str(refused)) \
                from refused
        await publish(topics.VOTES, keyed)
        return {"vote_event_id": keyed.event.id}

    @router.post("/judges", status_code=202, tags=["jury"])
    async def register_judge(registered: JudgeRegistered, _: Annotated[str, Depends(operator)]) -> dict[str, Any]:
        keyed = submissions.registration(registered)
        await publish(topics.JUDGING_PANEL, keyed)
        return {"judge_event_id": keyed.event.id}

    @router.get("/judges", tags=["jury"])
    async def judges(_: Annotated[str, Depends(operator)]) -> list[dict[str, Any]]:
        return await listed_judges(store)

    @router.get("/standings/{nomination_id}", tags=["standings"])
    async def standing(nomination_id: str) -> dict[str, Any]:
        found = await published_standing(nomination_id, store)
        if found is None:
            raise HTTPException(404, detail=f"no standing for {nomination_id} (yet)")
        return found

    return router
