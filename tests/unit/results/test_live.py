"""The live page's stream (services/results/entrypoints/live.py): beyond the most listeners allowed it
answers 503 with Retry-After, and the page falls back to reloading the boards."""

from contextlib import AsyncExitStack

import httpx
from fastapi import FastAPI

from services.results.entrypoints.live import SCRIPT, live_router
from services.results.service_layer.broadcast import Broadcast


async def test_a_stream_beyond_the_bound_is_refused_with_retry_after() -> None:
    broadcast = Broadcast(listeners=3, queued=100)
    app = FastAPI()
    app.include_router(live_router(broadcast))
    async with AsyncExitStack() as open_pages, httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                                                 base_url="http://results") as http:
        for _ in range(3):
            await open_pages.enter_async_context(broadcast.listen())
        for client in range(50):
            refused = await http.get("/editions/e/stream", headers={"X-Forwarded-For": f"10.0.0.{client}"})
            assert refused.status_code == 503 and int(refused.headers["retry-after"]) > 0
        assert len(broadcast.listeners) == 3


def test_the_page_polls_when_its_stream_is_refused() -> None:
    assert "EventSource.CLOSED" in SCRIPT and "setInterval" in SCRIPT and "polling" in SCRIPT
