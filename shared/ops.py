"""The operational endpoints every service serves: liveness, readiness, metrics, AsyncAPI."""

import asyncio
import socket
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import HTMLResponse, JSONResponse
from faststream.kafka import KafkaBroker
from faststream.kafka.subscriber.specification import KafkaSubscriberSpecification
from faststream.kafka.subscriber.usecase import BatchSubscriber
from faststream.specification import AsyncAPI, get_asyncapi_html
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pymongo import AsyncMongoClient

from shared.mongo import Document, ping


def asyncapi_of(broker: KafkaBroker, service: str) -> AsyncAPI:
    for subscriber in broker.subscribers:
        if isinstance(subscriber, BatchSubscriber):
            _document_one_event_per_record(subscriber.specification)
    return AsyncAPI(broker, title=f"Social Government Awards — {service}", version="1.0.0",
                    schema_version="3.0.0")


class _OneEventPerRecord(KafkaSubscriberSpecification):
    """A batch handler takes a list of events, but each record on the topic is one event, and that is
    what other systems publish: the document shows the event, not the list."""

    __slots__ = ()

    def get_payloads(self) -> list[tuple[dict[str, Any], str]]:
        return [(_one_of_the_list(body) if body.get("type") == "array" else body, name)
                for body, name in super().get_payloads()]


def _one_of_the_list(body: dict[str, Any]) -> dict[str, Any]:
    """The schema of an element, keeping the list's title and shared definitions."""
    return {**{key: value for key, value in body.items() if key not in ("type", "items")}, **body["items"]}


def _document_one_event_per_record(specification: Any) -> None:
    if type(specification) is KafkaSubscriberSpecification:
        specification.__class__ = _OneEventPerRecord


def ops_router(service: str, broker_of: Callable[[], KafkaBroker], mongo: AsyncMongoClient[Document]) -> APIRouter:
    """``broker_of`` gives the broker in use at each request (the results service may change it)."""
    router = APIRouter(tags=["operations"])

    instance = socket.gethostname()  # a container's id under Docker: which instance behind a gateway answered

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "alive", "service": service, "instance": instance}

    @router.get("/readyz")
    async def readyz() -> Response:
        checks: dict[str, Any] = {}
        try:
            await asyncio.wait_for(ping(mongo), 2)
            checks["mongodb"] = "ok"
        except Exception as error:  # noqa: BLE001 - any failure to reach the database answers "not ready"
            checks["mongodb"] = f"unreachable: {type(error).__name__}"
        checks["kafka"] = "ok" if await broker_of().ping(timeout=2) else "unreachable"
        ready = all(value == "ok" for value in checks.values())
        return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)

    @router.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    @router.get("/asyncapi.json")
    async def asyncapi_json() -> Response:
        return Response(asyncapi_of(broker_of(), service).to_specification().to_json(), media_type="application/json")

    @router.get("/asyncapi", response_class=HTMLResponse)
    async def asyncapi_html() -> str:
        return get_asyncapi_html(asyncapi_of(broker_of(), service).to_specification())

    return router
