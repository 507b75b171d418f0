"""The results service process: materialises screenings and standings, and serves them.

Reads go to the live generation of the read models (see ``generation``); a rebuild by replay can make
another generation live while the service runs, so routers reach the live one through ``Current``."""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from pymongo import AsyncMongoClient

from shared import mongo
from shared.runtime import Service
from shared.settings import Settings

from ..adapters.board_cache import BoardCache
from ..adapters.generations import active
from ..service_layer.broadcast import Broadcast
from ..service_layer.rebuild import Rebuild
from .api import results_router
from .rendered import RenderedPages
from .generation import CONSUMED, Generation, generation
from .known import KnownEditions
from .live import live_router
from .nominations_api import nominations_router
from .rebuild_api import rebuild_router

NAME = "results"


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


class Current:
    """Stands for one role (view, boards, publisher…) of whichever generation is live at each call."""

    def __init__(self, live: Live, role: str) -> None:
        self._live, self._role = live, role

    def __getattr__(self, name: str) -> Any:
        return getattr(getattr(self._live.current, self._role), name)


def build(settings: Settings) -> Service:
    client: AsyncMongoClient = mongo.connect(settings, NAME)
    broadcast = Broadcast()

    def make(number: int) -> Generation:
        return generation(settings, client, number, broadcast)

    live = Live(make(0))  # until the pointer is read at start; its broker also documents the AsyncAPI
    rebuild = Rebuild(settings, client, live, make, CONSUMED)
    view, boards, publisher = Current(live, "view"), Current(live, "boards"), Current(live, "publisher")
    cached_boards = BoardCache(boards, settings.board_cache_s)
    broadcast.observers.append(cached_boards.notice)
    pages = RenderedPages()
    live.on_switch += [cached_boards.clear, pages.clear]

    api = FastAPI(title="Social Government Awards — results", version="1.0.0")
    api.include_router(nominations_router(view))  # type: ignore[arg-type]
    api.include_router(results_router(cached_boards, publisher, settings.operator_api_keys,  # type: ignore[arg-type]
                                      KnownEditions(lambda: live.current.editions), pages))
    api.include_router(live_router(broadcast))
    api.include_router(rebuild_router(rebuild, settings.operator_api_keys, settings.staff_api_keys))
    service = Service(NAME, live.current.broker, client, api)
    live.service = service

    async def choose_generation() -> None:
        """The generation the pointer names; the service's broker becomes that generation's."""
        number = await active(client[settings.database_name(NAME)])
        if number != live.current.number:
            live.switch(make(number))
        await live.current.prepare()

    async def start_boards() -> None:
        await live.current.publisher.start()

    async def stop_generations() -> None:
        """The service's broker is the live generation's (a switch stopped the old one); its board loop
        and an unfinished rebuild stop here."""
        await rebuild.stop()
        await live.current.publisher.stop()

    service.on_start.append(choose_generation)
    service.on_started.append(start_boards)
    service.on_stop.append(stop_generations)
    return service
