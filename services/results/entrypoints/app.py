"""The results service process: materialises screenings and standings, and serves them. The composition
root: the Mongo and Kafka adapters are chosen and wired to the service layer here.

Reads go to the live generation of the read models (see ``generation``); a rebuild by replay can make
another generation live while the service runs, so routers reach the live one at each call (``Live``,
``LiveBoards``)."""

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pymongo import AsyncMongoClient

from shared import mongo
from shared.periodic import Periodic
from shared.runtime import Service

from ..adapters.board_cache import BoardCache
from ..adapters.generations import MongoGenerationPointer
from ..adapters.replay_offsets import KafkaReplayOffsets
from ..service_layer.broadcast import Broadcast
from ..service_layer.catalogue import KnownEditions, NotFound
from ..service_layer.ports import Document
from ..service_layer.reading import ResultsReader
from ..service_layer.rebuild import Rebuild
from ..settings import ResultsSettings
from .api import results_router
from .generation import CONSUMED, Generation, generation
from .live import live_router
from .nominations_api import nominations_router
from .rebuild_api import rebuild_router
from .rendered import RenderedPages

NAME = "results"
FOLLOW_S = 2.0  # how soon an instance follows a rebuild another instance made live
log = logging.getLogger("awards.results")


class Live:
    def __init__(self, current: Generation) -> None:
        self.current = current
        self.service: Service | None = None
        self.on_switch: list[Callable[[], None]] = []

    def switch(self, generation: Generation) -> None:
        """Reads go to ``generation`` from the next request on; readiness, AsyncAPI and the final stop
        follow its broker."""
        self.current = generation
        if self.service is not None:
            self.service.broker = generation.broker
        for switched in self.on_switch:
            switched()


class LiveBoards:
    """The boards of whichever generation is live at each call."""

    def __init__(self, live: Live) -> None:
        self._live = live

    async def board(self, key: str) -> Document | None:
        return await self._live.current.boards.board(key)

    async def board_version(self, key: str) -> int | None:
        return await self._live.current.boards.board_version(key)

    async def boards_of(self, edition_id: str, kind: str) -> list[Document]:
        return await self._live.current.boards.boards_of(edition_id, kind)

    async def state(self, edition_id: str) -> Document | None:
        return await self._live.current.boards.state(edition_id)

    async def late_events(self, edition_id: str) -> list[Document]:
        return await self._live.current.boards.late_events(edition_id)


async def not_found(_: Request, error: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(error)}, status_code=404)


def build(settings: ResultsSettings) -> Service:
    client: AsyncMongoClient[Any] = mongo.connect(settings, NAME)
    broadcast = Broadcast(settings.live_listeners_max, settings.live_queued_max)

    def make(number: int) -> Generation:
        return generation(settings, client, number, broadcast)

    live = Live(make(0))  # until the pointer is read at start; its broker also documents the AsyncAPI
    pointer = MongoGenerationPointer(client, settings)
    rebuild = Rebuild(live, make, pointer, KafkaReplayOffsets(settings, CONSUMED))
    cached_boards = BoardCache(LiveBoards(live), settings.board_cache_s, settings.board_cache_entries)
    broadcast.observers.append(cached_boards.notice)
    pages = RenderedPages(settings.rendered_pages_kept)
    live.on_switch += [cached_boards.clear, pages.clear]
    reader = ResultsReader(cached_boards, KnownEditions(lambda: live.current.editions))

    api = FastAPI(title="Social Government Awards — results", version="1.0.0")
    api.add_exception_handler(NotFound, not_found)
    api.include_router(nominations_router(lambda: live.current.view))
    api.include_router(results_router(reader, lambda: live.current.publisher, settings.operator_api_keys, pages))
    api.include_router(live_router(broadcast))
    api.include_router(rebuild_router(rebuild, settings.operator_api_keys, settings.staff_api_keys))
    service = Service(NAME, live.current.broker, client, api)
    live.service = service

    async def choose_generation() -> None:
        """The generation the pointer names; the service's broker becomes that generation's."""
        number = await pointer.active()
        if number != live.current.number:
            live.switch(make(number))
        await live.current.prepare()

    following = Periodic("follow-generation", FOLLOW_S, rebuild.follow_pointer, log=log, wait_first=True,
                         failure="following the live generation of the read models failed")

    async def start_boards() -> None:
        await live.current.publisher.start()
        following.start()

    async def stop_generations() -> None:
        """The service's broker is the live generation's (a switch stopped the old one); its board rounds
        and an unfinished rebuild stop here."""
        await following.stop()
        await rebuild.stop()
        await live.current.publisher.stop()
        await live.current.editions.stop()

    service.on_start.append(choose_generation)
    service.on_started.append(start_boards)
    service.on_stop.append(stop_generations)
    return service
