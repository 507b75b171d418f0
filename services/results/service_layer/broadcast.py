"""Tells every open live page that a board changed (server-sent events). Each listener has a bounded
queue; a listener too slow to keep up loses old notices, never blocks the rebuild."""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any


class Broadcast:
    def __init__(self) -> None:
        self.listeners: set[asyncio.Queue[dict[str, Any]]] = set()
        self.observers: list[Callable[[dict[str, Any]], None]] = []  # told first, in the publisher's call

    def publish(self, notice: dict[str, Any]) -> None:
        for observe in self.observers:
            observe(notice)
        for queue in list(self.listeners):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(notice)

    @asynccontextmanager
    async def listen(self) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=100)
        self.listeners.add(queue)
        try:
            yield queue
        finally:
            self.listeners.discard(queue)
