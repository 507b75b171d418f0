"""The HTTP intake: staff and partner portals submit the same model other systems publish to Kafka.

202 only once Kafka has acknowledged the event (acks=all, idempotent producer); 503 with Retry-After
when it has not within the configured time — never a 500, never a 202 for an event that is not
durably in Kafka. The event id is derived from (key name, reference), so a retried POST is harmless.
"""

import asyncio
from datetime import datetime, timezone
from typing import Annotated

from aiokafka.errors import KafkaError
from fastapi import APIRouter, Depends, HTTPException, Response
from pydantic import SecretStr

from shared import topics
from shared.api_keys import holder_of
from shared.events.envelope import derived_id, new_event
from shared.events.nomination import NominationSubmitted, NominationSubmittedEvent
from shared.kafka import EventBus

from ..domain.model import nomination_id
from ..service_layer.screening import NominationRegistry, outcome_event

INTAKE_SOURCE = "urn:socialgov:awards:intake:"
RETRY_AFTER_S = "5"


def intake_router(bus: EventBus, registry: NominationRegistry, keys: dict[str, SecretStr],
                  publish_timeout_s: float) -> APIRouter:
    router = APIRouter(tags=["intake"])
    source_system = holder_of(keys, "X-API-Key", "submitting nominations")

    @router.post("/nominations", status_code=202, responses={
        401: {"description": "No API key"}, 403: {"description": "Unknown API key"},
        413: {"description": "Body too large"}, 503: {"description": "Kafka unavailable; retry"}})
    async def submit(nomination: NominationSubmitted, response: Response,
                     holder: Annotated[str, Depends(source_system)]) -> dict[str, str]:
        source = INTAKE_SOURCE + holder
        event = new_event(NominationSubmittedEvent, nomination,
                          id=derived_id("intake", source, nomination.reference), source=source,
                          time=datetime.now(timezone.utc), subject=nomination.reference)
        try:
            await asyncio.wait_for(
                bus.publish(topics.NOMINATIONS_SUBMITTED, event, key=nomination.reference),
                publish_timeout_s)
        except (KafkaError, asyncio.TimeoutError, OSError) as error:
            raise HTTPException(503, detail=f"the event log is unavailable ({type(error).__name__}); "
                                "nothing was accepted, retry later",
                                headers={"Retry-After": RETRY_AFTER_S}) from error
        nid = nomination_id(source, nomination.reference)
        response.headers["Location"] = f"/nominations/{nid}"
        return {"nomination_id": nid, "status_url": f"/nominations/{nid}"}

    @router.get("/nominations/{nomination_id}")
    async def screening_status(nomination_id: str) -> dict:
        nomination = await registry.get(nomination_id)
        if nomination is None:
            raise HTTPException(404, detail=f"no screened nomination {nomination_id} (yet)")
        return outcome_event(nomination).data.model_dump(mode="json") | {
            "status": nomination.status, "nominators": len(nomination.nominators)}

    return router
