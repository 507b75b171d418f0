"""The operators' HTTP API of the notification service: staff subscriptions and waiting digests."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from pydantic import SecretStr

from shared.api_keys import KeyHolder, holder_of, staff_or_operator

from ..adapters.subscriptions import MongoSubscriptions
from ..adapters.digests import MongoDigestItems
from ..domain.subscriptions import Subscription, masked


def staff_router(subscriptions: MongoSubscriptions, digest_items: MongoDigestItems,
                 operator_keys: dict[str, SecretStr], staff_keys: dict[str, SecretStr]) -> APIRouter:
    router = APIRouter()
    operator = holder_of(operator_keys, "X-Operator-Key", "managing staff notifications")
    staff = staff_or_operator(staff_keys, operator_keys, "reading staff notifications")

    @router.put("/subscriptions/{subscription_id}", tags=["subscriptions"])
    async def save(subscription_id: str, body: Subscription, _: Annotated[str, Depends(operator)]) -> Subscription:
        if body.id != subscription_id:
            raise HTTPException(422, detail=[{"loc": ["body", "id"], "msg": "must equal the path's id",
                                              "type": "value_error"}])
        await subscriptions.save(body)
        return body

    @router.get("/subscriptions", tags=["subscriptions"])
    async def listing(reader: Annotated[KeyHolder, Depends(staff)]) -> list[Subscription]:
        """Webhook addresses often carry their receiver's token: only operators see them whole."""
        stored = await subscriptions.all()
        return stored if reader.role == "operator" else [masked(s) for s in stored]

    @router.delete("/subscriptions/{subscription_id}", status_code=204, tags=["subscriptions"])
    async def remove(subscription_id: str, _: Annotated[str, Depends(operator)]) -> None:
        if not await subscriptions.remove(subscription_id):
            raise HTTPException(404, detail=f"no stored subscription {subscription_id}")

    @router.get("/digests", tags=["subscriptions"])
    async def waiting(_: Annotated[KeyHolder, Depends(staff)], subscription: str | None = None) -> list[dict[str, Any]]:
        """Notices waiting for their subscriber's next daily digest."""
        return [{"id": i["_id"], "subscription_id": i["subscription_id"], "day": i["day"], "kind": i["kind"],
                 "subject": i["subject"]} for i in await digest_items.waiting(subscription)]

    return router
