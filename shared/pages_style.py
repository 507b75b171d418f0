"""The stylesheet of the services' own pages (the judges' portal, the voting pages, the staff console): a
file, so the pages need no inline style."""

from pathlib import Path

from fastapi import APIRouter, Response

STYLESHEET = (Path(__file__).resolve().parent / "pages.css").read_text(encoding="utf-8")


def stylesheet_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/pages.css")
    async def stylesheet() -> Response:
        return Response(STYLESHEET, media_type="text/css", headers={"Cache-Control": "max-age=300"})

    return router
