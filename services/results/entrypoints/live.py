"""The live page (Arabic by default, English switch) and its server-sent events."""

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from ..service_layer.broadcast import Broadcast

PAGE = (Path(__file__).resolve().parent / "static" / "live.html").read_text(encoding="utf-8")
HEARTBEAT_S = 15.0


def live_router(broadcast: Broadcast) -> APIRouter:
    router = APIRouter(tags=["live page"])

    @router.get("/", response_class=HTMLResponse)
    async def page(lang: str = "ar") -> str:
        language = "en" if lang == "en" else "ar"
        return PAGE.replace('lang="ar" dir="rtl"', f'lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}"')

    @router.get("/editions/{edition_id}/stream")
    async def stream(edition_id: str, request: Request) -> StreamingResponse:
        async def events() -> AsyncIterator[bytes]:
            async with broadcast.listen() as queue:
                yield b": connected\n\n"
                while not await request.is_disconnected():
                    try:
                        notice = await asyncio.wait_for(queue.get(), HEARTBEAT_S)
                    except asyncio.TimeoutError:
                        yield b": heartbeat\n\n"
                        continue
                    if notice["edition_id"] == edition_id:
                        kind = "winners" if notice.get("winners") else "board"
                        yield f"event: {kind}\ndata: {json.dumps(notice)}\n\n".encode()

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    return router
