"""The results API: leaderboards, country and sector tables, winners (JSON or CSV), finalisation.

HTTP in, service-layer calls, HTTP out: what an answer holds is decided by ``service_layer.reading`` and
finalisation by ``service_layer.boards``; ``NotFound`` answers 404 (an exception handler of the app).
Every read carries an ETag from the document's version and a short public cache lifetime.
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field, SecretStr

from shared.api_keys import holder_of

from ..domain.finalisation import NotReady, ReasonRequired
from ..service_layer.boards import BoardsPublisher
from ..service_layer.reading import TABLES, ResultsReader
from .print_page import print_router
from .rendered import Format, RenderedPages, render


class Finalisation(BaseModel):
    force: bool = False
    reason: str | None = Field(None, min_length=5, max_length=2000,
                               description="Required with force: why the edition is finalised incomplete.")


def results_router(reader: ResultsReader, publisher: Callable[[], BoardsPublisher],
                   operator_keys: dict[str, SecretStr], pages: RenderedPages) -> APIRouter:
    """``publisher`` gives the live generation's at each call."""
    router = APIRouter(tags=["results"])
    operator = holder_of(operator_keys, "X-Operator-Key", "finalising an edition")

    @router.get("/editions/{edition_id}/leaderboards/{category}")
    async def one_leaderboard(edition_id: str, category: str, request: Request, format: Format = "json",
                              limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
                              offset: Annotated[int, Query(ge=0, le=100_000)] = 0) -> Response:
        """Ranked rows; a page of them with limit/offset (total says how many there are)."""
        answer = await reader.leaderboard(edition_id, category, offset, limit)
        return render(request, answer, format, f"{edition_id}-{category}", pages)

    @router.get("/editions/{edition_id}/leaderboards")
    async def all_leaderboards(edition_id: str) -> list[dict[str, Any]]:
        return await reader.leaderboards(edition_id)

    def table(kind: str, description: str) -> None:
        async def read(edition_id: str, request: Request, format: Format = "json") -> Response:
            return render(request, await reader.table(edition_id, kind), format, f"{edition_id}-{kind}", pages)

        router.add_api_route(f"/editions/{{edition_id}}/{kind}", read, methods=["GET"], name=kind,
                             description=description)

    for kind, description in TABLES.items():
        table(kind, description)

    @router.get("/editions/{edition_id}")
    async def edition_names(edition_id: str) -> dict[str, Any]:
        """The edition's names in Arabic and English: categories, countries, sectors (for labels)."""
        return reader.names(edition_id)

    @router.get("/editions/{edition_id}/winners")
    async def winners(edition_id: str, request: Request, format: Format = "json") -> Response:
        return render(request, await reader.winners(edition_id), format, f"{edition_id}-winners")

    @router.post("/editions/{edition_id}/finalise")
    async def finalise(edition_id: str, body: Finalisation, _: Annotated[str, Depends(operator)]) -> dict[str, Any]:
        try:
            state = await publisher().finalise(edition_id, body.force, body.reason)
        except ReasonRequired as missing:
            raise HTTPException(422, detail=[{"loc": ["body", "reason"], "msg": str(missing),
                                              "type": "missing"}]) from missing
        except NotReady as not_ready:
            raise HTTPException(409, detail=f"{not_ready}; finalise with force and a reason") from not_ready
        return {"edition_id": edition_id, "finalised_at": state["finalised_at"].isoformat(),
                "winners": state["winners"], "forced_because": state["forced_because"]}

    @router.get("/editions/{edition_id}/late-events")
    async def late_events(edition_id: str) -> list[dict[str, Any]]:
        return await reader.late_events(edition_id)

    router.include_router(print_router(reader))
    return router
