"""Operators start a rebuild by replay and watch it: ``POST /rebuild``, ``GET /rebuild``."""

from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException
from pydantic import SecretStr

from shared.api_keys import key_holder

from ..service_layer.rebuild import AlreadyRunning, Rebuild


def rebuild_router(rebuild: Rebuild, operator_keys: dict[str, SecretStr]) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.post("/rebuild", status_code=202)
    async def start(x_operator_key: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        """Replays every topic into a new generation of the read models; reads switch to it once it has
        caught up."""
        key_holder(x_operator_key, operator_keys, "X-Operator-Key", "rebuilding the read models")
        try:
            return await rebuild.start()
        except AlreadyRunning as running:
            raise HTTPException(409, detail=str(running)) from running

    @router.get("/rebuild")
    async def progress(x_operator_key: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        key_holder(x_operator_key, operator_keys, "X-Operator-Key", "rebuild progress")
        return rebuild.state

    return router
