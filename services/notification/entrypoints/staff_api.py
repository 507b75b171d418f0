"""The operators' HTTP API of the notification service: staff subscriptions and waiting digests."""

from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException
from pydantic import SecretStr

from shared.api_keys import key_holder

from ..adapters.deliveries import MongoSubscriptions
from ..adapters.digests import MongoDigestItems
from ..domain.subscriptions import Subscription


def staff_router(subscriptions: MongoSubscriptions, digest_items: MongoDigestItems,
                 operator_keys: dict[str, SecretStr]) -> APIRouter:
    router = APIRouter()

    def operator(key: str | None) -> None:
        key_holder(key, operator_keys, "X-Operator-Key", "managing staff notifications")

    @router.put("/subscriptions/{subscription_id}", tags=["subscriptions"])
    async def save(subscription_id: str, body: Subscription,
                   x_operator_key: Annotated[str | None, Header()] = None) -> Subscription:
        operator(x_operator_key)
        if body.id != subscription_id:
            raise HTTPException(422, detail=[{"loc": ["body", "id"], "msg": "must equal the path's id",
                                              "type": "value_error"}])
        await subscriptions.save(body)
        return body

    @router.get("/subscriptions", tags=["subscriptions"])
    async def listing(x_operator_key: Annotated[str | None, Header()] = None) -> list[Subscription]:
        operator(x_operator_key)
        return await subscriptions.all()

    @router.delete("/subscriptions/{subscription_id}", status_code=204, tags=["subscriptions"])
    async def remove(subscription_id: str, x_operator_key: Annotated[str | None, Header()] = None) -> None:
        operator(x_operator_key)
        if not await subscriptions.remove(subscription_id):
            raise HTTPException(404, detail=f"no stored subscription {subscription_id}")

    @router.get("/digests", tags=["subscriptions"])
    async def waiting(subscription: str | None = None,
                      x_operator_key: Annotated[str | None, Header()] = None) -> list[dict[str, Any]]:
        """Notices waiting for their subscriber's next daily digest."""
        operator(x_operator_key)
        return [{"id": i["_id"], "subscription_id": i["subscription_id"], "day": i["day"], "kind": i["kind"],
                 "subject": i["subject"]} for i in await digest_items.waiting(subscription)]

    return router
