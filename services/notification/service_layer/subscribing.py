"""What the operators' and staff's subscription API does: saving, listing (with webhook addresses whole
only for operators) and the notices waiting for a digest."""

from dataclasses import dataclass

from ..domain.subscriptions import Subscription, masked
from .ports import DigestItems, SubscriptionBook


class MisaddressedSubscription(ValueError):
    """The subscription's id is not the one it is saved under."""


@dataclass(frozen=True)
class WaitingItem:
    id: str
    subscription_id: str
    day: str
    kind: str
    subject: str


async def save(book: SubscriptionBook, subscription_id: str, subscription: Subscription) -> Subscription:
    if subscription.id != subscription_id:
        raise MisaddressedSubscription("must equal the path's id")
    await book.save(subscription)
    return subscription


async def listing(book: SubscriptionBook, role: str) -> list[Subscription]:
    """``role``: the reader's, "operator" or "staff". Webhook addresses often carry their receiver's
    token: only operators see them whole."""
    stored = await book.all()
    return stored if role == "operator" else [masked(s) for s in stored]


async def waiting(items: DigestItems, subscription_id: str | None) -> list[WaitingItem]:
    return [WaitingItem(id=i["_id"], subscription_id=i["subscription_id"], day=i["day"], kind=i["kind"],
                        subject=i["subject"]) for i in await items.waiting(subscription_id)]
