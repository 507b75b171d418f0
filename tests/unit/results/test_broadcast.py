"""The live pages' broadcast (services/results/service_layer/broadcast.py): every listener hears each
notice, a slow one loses the oldest, and no more than the bound listen however many pages connect."""

from contextlib import AsyncExitStack

import pytest

from services.results.service_layer.broadcast import Broadcast, Full


async def test_many_pages_connecting_never_make_more_listeners_than_the_bound() -> None:
    broadcast = Broadcast(listeners=25, queued=100)
    async with AsyncExitStack() as open_pages:
        queues = [await open_pages.enter_async_context(broadcast.listen()) for _ in range(25)]
        for _ in range(500):
            assert broadcast.full()
            with pytest.raises(Full):
                await open_pages.enter_async_context(broadcast.listen())
        assert len(broadcast.listeners) == 25
        broadcast.publish({"edition_id": "e", "category": "c", "version": 1})
        assert all(queue.qsize() == 1 for queue in queues)
    assert not broadcast.listeners and not broadcast.full()  # closed pages free their places


async def test_a_listener_too_slow_to_keep_up_loses_the_oldest_notices() -> None:
    broadcast = Broadcast(listeners=25, queued=40)
    async with broadcast.listen() as queue:
        for version in range(1_000):
            broadcast.publish({"edition_id": "e", "category": "c", "version": version})
        assert queue.qsize() == 40 and queue.get_nowait()["version"] == 960
