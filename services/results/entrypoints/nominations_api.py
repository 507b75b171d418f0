"""Reading the nominations view: one nomination with its full explanation, or a filtered page of them."""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from ..service_layer.ports import NominationsView


def nominations_router(view: Callable[[], NominationsView]) -> APIRouter:
    """``view`` gives the live generation's view at each call."""
    router = APIRouter(tags=["nominations"])

    @router.get("/nominations/{nomination_id}")
    async def one_nomination(nomination_id: str) -> dict[str, Any]:
        doc = await view().get(nomination_id)
        if doc is None:
            raise HTTPException(404, detail=f"no nomination {nomination_id}")
        return doc

    @router.get("/nominations")
    async def nominations(
        status: Annotated[str | None, Query(pattern="^(accepted|rejected)$")] = None,
        country: Annotated[str | None, Query(pattern="^[A-Z]{2}$")] = None,
        category: Annotated[str | None, Query(max_length=60)] = None,
        sector: Annotated[str | None, Query(max_length=60)] = None,
        q: Annotated[str | None, Query(min_length=1, max_length=100, description="Arabic or English name, "
                                       "any spelling of hamza, diacritics or case")] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> list[dict[str, Any]]:
        fields = {k: v for k, v in {"status": status, "country": country, "category": category,
                                    "sector": sector}.items() if v is not None}
        return await view().search(fields, q, limit, offset)

    return router
