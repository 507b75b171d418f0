"""The operators' HTTP API of the notification service: staff subscriptions and waiting digests."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from pydantic import SecretStr

from shared.api_keys import KeyHolder, holder_of, staff_or_operator

from ..domain.subscriptions import Subscription
from ..service_layer import subscribing
from ..service_layer.ports import DigestItems, SubscriptionBook


def staff_router(subscriptions: SubscriptionBook, digest_items: DigestItems,
                 operator_keys: dict[str, SecretStr], staff_keys: dict[str, SecretStr]) -> APIRouter:
    router = APIRouter()
    operator = holder_of(operator_keys, "X-Operator-Key", "managing staff notifications")
    staff = staff_or_operator(staff_keys, operator_keys, "reading staff notifications")

    @router.put("/subscriptions/{subscription_id}", tags=["subscriptions"])
    async def save(subscription_id: str, body: Subscription, _: Annotated[str, Depends(operator)]) -> Subscription:
        try:
            return await subscribing.save(subscriptions, subscription_id, body)
        except subscribing.MisaddressedSubscription as error:
            raise HTTPException(422, detail=[{"loc": ["body", "id"], "msg": str(error),
                                              "type": "value_error"}]) from error

    @router.get("/subscriptions", tags=["subscriptions"])
    async def listing(reader: Annotated[KeyHolder, Depends(staff)]) -> list[Subscription]:
        """Webhook addresses often carry their receiver's token: only operators see them whole."""
        return await subscribing.listing(subscriptions, reader.role)

    @router.delete("/subscriptions/{subscription_id}", status_code=204, tags=["subscriptions"])
    async def remove(subscription_id: str, _: Annotated[str, Depends(operator)]) -> None:
        if not await subscriptions.remove(subscription_id):
            raise HTTPException(404, detail=f"no stored subscription {subscription_id}")

    @router.get("/digests", tags=["subscriptions"])
    async def waiting(_: Annotated[KeyHolder, Depends(staff)],
                      subscription: str | None = None) -> list[subscribing.WaitingItem]:
        """Notices waiting for their subscriber's next daily digest."""
        return await subscribing.waiting(digest_items, subscription)

    return router
