"""How a service process runs: one FastStream Kafka broker and one ASGI app under uvicorn.

Before anything else, the process checks that Kafka lets it in (``shared.kafka_access``): it waits
while Kafka does not answer and exits with 78 if Kafka refuses its credentials or certificate. Then the
FastAPI lifespan owns the order: connect MongoDB and prepare indexes, start the broker, serve;
on SIGTERM/SIGINT uvicorn stops accepting requests, the broker finishes its in-flight event and
commits (graceful timeout), then the database connection closes.
"""

import asyncio
import logging
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import uvicorn
from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from faststream.kafka.subscriber.usecase import LogicSubscriber
from pymongo import AsyncMongoClient

from shared import logs
from shared.body_limit import BodyLimit
from shared.head import AnswersHead
from shared.kafka_access import EX_CONFIG, KafkaAccessRefused, check_kafka_access
from shared.kafka_security import client_options
from shared.lag import lag_watch
from shared.ops import ops_router
from shared.security_headers import SecurityHeaders
from shared.settings import CommonSettings

ServiceSettings = TypeVar("ServiceSettings", bound=CommonSettings)

log = logging.getLogger("awards.runtime")


@dataclass
class Service:
    """Everything one service process runs; built by the service's ``entrypoints.app.build``."""

    name: str
    broker: KafkaBroker
    mongo: AsyncMongoClient[Any]
    api: FastAPI
    on_start: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    """Before consuming: indexes, reference data. May replace ``broker`` (it is started after)."""
    on_started: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    """Once the broker runs: background work that publishes."""
    on_stop: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    """After consuming stopped, before the producer closes: last publications."""


def reads_of(broker: KafkaBroker) -> dict[str, list[str]]:
    """Consumer group → the topics its subscribers read."""
    reads: dict[str, list[str]] = {}
    for subscriber in broker.subscribers:
        assert isinstance(subscriber, LogicSubscriber)  # every subscriber of a Kafka broker
        reads.setdefault(subscriber.group_id or "", []).extend(subscriber.topic_names)
    return reads


def asgi_app(service: Service, settings: CommonSettings | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        for prepare in service.on_start:
            await prepare()
        await service.broker.start()
        for begin in service.on_started:
            await begin()
        watching = None
        if settings is not None:
            watching = lag_watch(service.name, client_options(settings), reads_of(service.broker))
            watching.expose(service.name)
            watching.start()
        log.info("%s service started", service.name)
        try:
            yield
        finally:
            if watching is not None:
                await watching.stop()
            # Stop consuming first (each subscriber finishes and commits its in-flight event), then
            # let on_stop hooks publish their last words while the producer is still open.
            await asyncio.gather(*(subscriber.stop() for subscriber in service.broker.subscribers))
            for end in service.on_stop:
                try:
                    await end()
                except Exception:  # the broker and the database still close; what a step left is redone at start
                    log.exception("%s: a stop step failed", service.name)
            await service.broker.stop()
            await service.mongo.close()
            log.info("%s service stopped", service.name)

    service.api.router.lifespan_context = lifespan
    if settings is not None:  # every service refuses oversized bodies (413) before reading them
        service.api.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    service.api.add_middleware(AnswersHead)  # every GET route answers HEAD too
    service.api.add_middleware(SecurityHeaders)
    service.api.include_router(ops_router(service.name, lambda: service.broker, service.mongo))
    return service.api


def run(name: str, build: Callable[[ServiceSettings], Service],
        settings_class: type[ServiceSettings]) -> None:
    settings = settings_class()
    logs.configure(name, settings.log_level)
    try:  # before anything else connects: a refusal is reported once, with what to fix
        asyncio.run(check_kafka_access(settings))
    except KafkaAccessRefused as refused:
        log.error("%s cannot start: %s", name, refused)
        sys.exit(EX_CONFIG)
    app = asgi_app(build(settings), settings)
    port = settings.http_port
    if port is None:
        raise RuntimeError(f"{settings_class.__name__} names no HTTP port for {name}")
    # uvloop named, not "auto": a missing uvloop fails the start instead of quietly costing latency
    # (bench.stages at 50/s, materialised p50 / p99: 167–213 / 357–456 ms on asyncio's loop, 136–139 /
    # 316–330 ms on uvloop, same machine and hour).
    config = uvicorn.Config(app, host=settings.http_host, port=port, log_config=None,
                            lifespan="on", timeout_graceful_shutdown=5, loop="uvloop",
                            proxy_headers=True, forwarded_allow_ips=settings.forwarded_allow_ips)
    uvicorn.Server(config).run()
