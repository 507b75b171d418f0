"""The live page (Arabic by default, English switch) and its server-sent events.

A stream beyond the most listeners the service allows answers 503 with Retry-After; the page then reloads
the boards every few seconds instead and says so."""

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, StreamingResponse

from ..service_layer.broadcast import Broadcast, Full

STATIC = Path(__file__).resolve().parent / "static"
PAGE = (STATIC / "live.html").read_text(encoding="utf-8")
# A file, not an inline script: the pages' Content-Security-Policy runs scripts from the service only.
SCRIPT = (STATIC / "live.js").read_text(encoding="utf-8")
HEARTBEAT_S = 15.0
RETRY_AFTER_S = 30


def live_router(broadcast: Broadcast) -> APIRouter:
    router = APIRouter(tags=["live page"])

    @router.get("/", response_class=HTMLResponse)
    async def page(lang: str = "ar") -> str:
        language = "en" if lang == "en" else "ar"
        return PAGE.replace('lang="ar" dir="rtl"', f'lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}"')

    @router.get("/live.js", include_in_schema=False)
    async def script() -> Response:
        return Response(SCRIPT, media_type="text/javascript", headers={"Cache-Control": "no-cache"})

    @router.get("/editions/{edition_id}/stream", response_model=None)
    async def stream(edition_id: str, request: Request) -> Response:
        if broadcast.full():
            return Response("too many live pages are open; reload the boards instead", status_code=503,
                            media_type="text/plain", headers={"Retry-After": str(RETRY_AFTER_S)})

        async def events() -> AsyncIterator[bytes]:
            try:
                async with broadcast.listen() as queue:
                    yield b": connected\n\n"
                    while not await request.is_disconnected():
                        try:
                            notice = await asyncio.wait_for(queue.get(), HEARTBEAT_S)
                        except TimeoutError:
                            yield b": heartbeat\n\n"
                            continue
                        if notice["edition_id"] == edition_id:
                            kind = "winners" if notice.get("winners") else "board"
                            yield f"event: {kind}\ndata: {json.dumps(notice)}\n\n".encode()
            except Full:  # filled between the check above and here: the page reconnects and is told 503
                return

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    return router
