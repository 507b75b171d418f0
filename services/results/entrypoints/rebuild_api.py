"""Operators start a rebuild by replay and watch it: ``POST /rebuild``, ``GET /rebuild``."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from pydantic import SecretStr

from shared.api_keys import KeyHolder, holder_of, staff_or_operator

from ..service_layer.ports import HistoryExpired
from ..service_layer.rebuild import AlreadyRunning, Rebuild


def rebuild_router(rebuild: Rebuild, operator_keys: dict[str, SecretStr],
                   staff_keys: dict[str, SecretStr]) -> APIRouter:
    router = APIRouter(tags=["operations"])
    operator = holder_of(operator_keys, "X-Operator-Key", "rebuilding the read models")
    staff = staff_or_operator(staff_keys, operator_keys, "rebuild progress")

    @router.post("/rebuild", status_code=202)
    async def start(_: Annotated[str, Depends(operator)]) -> dict[str, Any]:
        """Replays every topic into a new generation of the read models; reads switch to it once it has
        caught up."""
        try:
            return await rebuild.start()
        except (AlreadyRunning, HistoryExpired) as refused:
            raise HTTPException(409, detail=str(refused)) from refused

    @router.get("/rebuild")
    async def progress(_: Annotated[KeyHolder, Depends(staff)]) -> dict[str, Any]:
        return rebuild.state

    return router
