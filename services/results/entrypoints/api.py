"""The results API: leaderboards, country and sector tables, winners (JSON or CSV), finalisation.

An unknown edition or category answers 404 naming those that exist; a known one whose board or table is
not built yet (no nominations so far) answers 200 with no rows.

Every read carries an ETag from the document's version and a short public cache lifetime; CSV is UTF-8
with a byte-order mark so spreadsheet programs show Arabic names correctly, and names each category,
country and sector code beside it in Arabic and English.
"""

import csv
import io
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, SecretStr

from shared.api_keys import holder_of
from shared.edition import Edition

from ..adapters.board_cache import BoardCache
from ..domain.names import with_names
from ..service_layer.boards import BoardsPublisher, NotReady
from .known import KnownEditions
from .print_page import print_router
from .rendered import RenderedPages

Format = Literal["json", "csv"]
# The tables rebuilt whole with the boards, one document each per edition.
TABLES = {"countries": "Per country: nominations, accepted, average standing, medals once finalised.",
          "sectors": "Per sector: nominations, accepted, average standing, medals once finalised.",
          "progress": "Judging progress per category: accepted nominations, fully judged, jury scores still "
                      "missing."}


class Finalisation(BaseModel):
    force: bool = False
    reason: str | None = Field(None, min_length=5, max_length=2000,
                               description="Required with force: why the edition is finalised incomplete.")


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out.update({f"{key}_{k}": v for k, v in value.items()})
        elif isinstance(value, list):
            out[key] = " ".join(map(str, value))
        else:
            out[key] = value
    return out


def render(request: Request, rows: list[dict[str, Any]], tag: str, fmt: Format, name: str,
           extra: dict[str, Any] | None = None, pages: RenderedPages | None = None,
           edition: Edition | None = None) -> Response:
    etag = f'W/"{tag}-{fmt}"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=5"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    if fmt == "csv":
        headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    rendered = pages.get(etag) if pages is not None else None
    if rendered is None:
        rendered = (_csv(with_names(rows, edition)) if fmt == "csv"
                    else (JSONResponse({**(extra or {}), "rows": rows}).body, "application/json"))
        if pages is not None:
            pages.put(etag, *rendered)
    body, media_type = rendered
    return Response(body, media_type=media_type, headers=headers)


def _csv(rows: list[dict[str, Any]]) -> tuple[bytes, str]:
    flat = [_flat(r) for r in rows]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(dict.fromkeys(k for r in flat for k in r)))
    writer.writeheader()
    writer.writerows(flat)
    return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"


def results_router(boards: BoardCache, publisher: BoardsPublisher, operator_keys: dict[str, SecretStr],
                   editions: KnownEditions, pages: RenderedPages) -> APIRouter:
    router = APIRouter(tags=["results"])
    operator = holder_of(operator_keys, "X-Operator-Key", "finalising an edition")

    async def board_or_empty(edition_id: str, name: str, known: Callable[[], object]) -> dict[str, Any]:
        """The board ``edition_id|name``; until it is built, an empty one (version 0) if ``known()`` says the
        edition and name exist, else ``known`` answers 404 with what does."""
        doc = await boards.board(f"{edition_id}|{name}")
        if doc is None:
            known()
            return {"_id": f"{edition_id}|{name}", "version": 0, "rows": []}
        return doc

    @router.get("/editions/{edition_id}/leaderboards/{category}")
    async def one_leaderboard(edition_id: str, category: str, request: Request, format: Format = "json",
                              limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
                              offset: Annotated[int, Query(ge=0, le=100_000)] = 0) -> Response:
        """Ranked rows; a page of them with limit/offset (total says how many there are)."""
        doc = await board_or_empty(edition_id, category, lambda: editions.category(edition_id, category))
        state = await boards.state(edition_id)
        tag = f"{doc['_id']}-{doc['version']}-{'frozen' if state else 'live'}-{offset}-{limit}"
        return render(request, doc["rows"][offset:offset + limit], tag, format, f"{edition_id}-{category}",
                      {"edition_id": edition_id, "category": category, "version": doc["version"],
                       "frozen": state is not None, "total": len(doc["rows"]), "offset": offset, "limit": limit},
                      pages, editions.get(edition_id))

    @router.get("/editions/{edition_id}/leaderboards")
    async def all_leaderboards(edition_id: str) -> list[dict[str, Any]]:
        built = await boards.boards_of(edition_id, "leaderboard")
        if not built:
            editions.edition(edition_id)
        return [{"category": b["category"], "version": b["version"], "top": b["rows"][:3]} for b in built]

    def table(kind: str, description: str) -> None:
        async def read(edition_id: str, request: Request, format: Format = "json") -> Response:
            doc = await board_or_empty(edition_id, kind, lambda: editions.edition(edition_id))
            return render(request, doc["rows"], f"{doc['_id']}-{doc['version']}", format, f"{edition_id}-{kind}",
                          pages=pages, edition=editions.get(edition_id))

        router.add_api_route(f"/editions/{{edition_id}}/{kind}", read, methods=["GET"], name=kind,
                             description=description)

    for kind, description in TABLES.items():
        table(kind, description)

    @router.get("/editions/{edition_id}")
    async def edition_names(edition_id: str) -> dict[str, Any]:
        """The edition's names in Arabic and English: categories, countries, sectors (for labels)."""
        edition = editions.edition(edition_id)
        return {"edition_id": edition.id, "name": {"ar": edition.name_ar, "en": edition.name_en},
                **{kind: {n.code: {"ar": n.name_ar, "en": n.name_en} for n in getattr(edition, kind)}
                   for kind in ("categories", "countries", "sectors")}}

    @router.get("/editions/{edition_id}/winners")
    async def winners(edition_id: str, request: Request, format: Format = "json") -> Response:
        state = await boards.state(edition_id)
        if state is None:
            editions.edition(edition_id)
            raise HTTPException(404, detail=f"edition {edition_id} is not finalised yet; its leaderboards are at "
                                            f"/editions/{edition_id}/leaderboards")
        return render(request, state["winners"], f"{edition_id}-winners", format, f"{edition_id}-winners",
                      {"edition_id": edition_id, "finalised_at": state["finalised_at"].isoformat(),
                       "forced_because": state["forced_because"]}, edition=editions.get(edition_id))

    @router.post("/editions/{edition_id}/finalise")
    async def finalise(edition_id: str, body: Finalisation, _: Annotated[str, Depends(operator)]) -> dict[str, Any]:
        if body.force and not body.reason:
            raise HTTPException(422, detail=[{"loc": ["body", "reason"], "msg": "a forced finalisation needs a reason",
                                              "type": "missing"}])
        edition = editions.edition(edition_id)
        try:
            state = await publisher.finalise(edition_id, edition.judges_per_nomination,
                                             body.reason if body.force else None)
        except NotReady as not_ready:
            raise HTTPException(409, detail=f"{not_ready}; finalise with force and a reason") from not_ready
        return {"edition_id": edition_id, "finalised_at": state["finalised_at"].isoformat(),
                "winners": state["winners"], "forced_because": state["forced_because"]}

    @router.get("/editions/{edition_id}/late-events")
    async def late_events(edition_id: str) -> list[dict[str, Any]]:
        late = await boards.late_events(edition_id)
        if not late:
            editions.edition(edition_id)
        return late

    router.include_router(print_router(boards, editions))
    return router
