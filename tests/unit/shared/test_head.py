"""``AnswersHead``: HEAD answers as GET would, status and headers, without a body; endless streams end."""

import asyncio
from collections.abc import AsyncIterator

import httpx
from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, StreamingResponse

from shared.head import AnswersHead


def app() -> FastAPI:
    api = FastAPI()

    @api.get("/board")
    async def board(request: Request) -> Response:
        if request.headers.get("if-none-match") == '"v1"':
            return Response(status_code=304, headers={"ETag": '"v1"'})
        return Response(b'{"rows": [1, 2, 3]}', media_type="application/json", headers={"ETag": '"v1"'})

    @api.get("/", response_class=HTMLResponse)
    async def page() -> str:
        return "<html>live</html>"

    @api.get("/missing")
    async def missing() -> None:
        raise HTTPException(404, detail="no such thing; the things are: a, b")

    @api.post("/only-post")
    async def only_post() -> None:
        return None

    @api.get("/stream")
    async def stream() -> StreamingResponse:
        async def forever() -> AsyncIterator[bytes]:
            while True:
                yield b": heartbeat\n\n"
                await asyncio.sleep(0.01)
        return StreamingResponse(forever(), media_type="text/event-stream")

    api.add_middleware(AnswersHead)
    return api


def client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app()), base_url="http://test")


async def test_head_answers_the_status_and_headers_of_get_without_the_body() -> None:
    async with client() as http:
        for path in ("/board", "/", "/missing"):
            got, head = await http.get(path), await http.head(path)
            assert head.status_code == got.status_code, path
            assert head.content == b"", path
            assert dict(head.headers) == dict(got.headers), path
        assert (await http.head("/board")).headers["content-length"] == str(len(b'{"rows": [1, 2, 3]}'))
        assert (await http.head("/board", headers={"If-None-Match": '"v1"'})).status_code == 304


async def test_get_and_other_methods_are_untouched() -> None:
    async with client() as http:
        assert (await http.get("/board")).json() == {"rows": [1, 2, 3]}
        assert (await http.post("/only-post")).status_code == 200
        refused = await http.head("/only-post")
        assert refused.status_code == 405 and refused.headers["allow"] == "POST" and refused.content == b""


async def test_head_on_an_endless_stream_answers_its_headers_and_ends() -> None:
    async with client() as http:
        head = await asyncio.wait_for(http.head("/stream"), 5)
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/event-stream")
    assert head.content == b""
