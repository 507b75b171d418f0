"""Tells every open live page that a board changed (server-sent events). Each listener has a queue of at
most ``queued`` notices; a listener too slow to keep up loses the oldest, never blocks the rebuild. At
most ``listeners`` listen at once: anyone can open a stream, and each holds a queue and a connection."""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any


class Full(Exception):
    """As many listeners as allowed already listen."""


class Broadcast:
    def __init__(self, listeners: int, queued: int) -> None:
        self.most, self.queued = listeners, queued
        self.listeners: set[asyncio.Queue[dict[str, Any]]] = set()
        self.observers: list[Callable[[dict[str, Any]], None]] = []  # told first, in the publisher's call

    def publish(self, notice: dict[str, Any]) -> None:
        for observe in self.observers:
            observe(notice)
        for queue in list(self.listeners):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(notice)

    def full(self) -> bool:
        return len(self.listeners) >= self.most

    @asynccontextmanager
    async def listen(self) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        """A queue of the notices published from now on; ``Full`` when ``listeners`` listen already."""
        if self.full():
            raise Full(f"{self.most} live pages are listening already")
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=self.queued)
        self.listeners.add(queue)
        try:
            yield queue
        finally:
            self.listeners.discard(queue)
