"""The HTTP intake: staff and partner portals submit the same model other systems publish to Kafka.

202 only once Kafka has acknowledged the event (``shared.publishing.publish_or_503``); 503 with
Retry-After when it has not within the configured time — never a 500, never a 202 for an event that is
not durably in Kafka. A retried POST is the same event (``service_layer.intake``), so it is harmless.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Response
from pydantic import SecretStr

from shared import topics
from shared.api_keys import holder_of
from shared.events.nomination import NominationSubmitted
from shared.kafka import EventBus
from shared.publishing import publish_or_503

from ..service_layer import intake
from ..service_layer.ports import NominationRegistry


def intake_router(bus: EventBus, registry: NominationRegistry, keys: dict[str, SecretStr],
                  publish_timeout_s: float) -> APIRouter:
    router = APIRouter(tags=["intake"])
    source_system = holder_of(keys, "X-API-Key", "submitting nominations")

    @router.post("/nominations", status_code=202, responses={
        401: {"description": "No API key"}, 403: {"description": "Unknown API key"},
        413: {"description": "Body too large"}, 503: {"description": "Kafka unavailable; retry"}})
    async def submit(nomination: NominationSubmitted, response: Response,
                     holder: Annotated[str, Depends(source_system)]) -> dict[str, str]:
        submitted = intake.submission(holder, nomination)
        await publish_or_503(bus, topics.NOMINATIONS_SUBMITTED, submitted.event, nomination.reference,
                             publish_timeout_s)
        response.headers["Location"] = f"/nominations/{submitted.nomination_id}"
        return {"nomination_id": submitted.nomination_id, "status_url": f"/nominations/{submitted.nomination_id}"}

    @router.get("/nominations/{nomination_id}")
    async def screening_status(nomination_id: str) -> dict[str, Any]:
        found = await intake.screening_status(registry, nomination_id)
        if found is None:
            raise HTTPException(404, detail=f"no screened nomination {nomination_id} (yet)")
        return found

    return router
