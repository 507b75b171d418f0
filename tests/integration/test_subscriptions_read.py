"""Staff subscriptions read at most every ``fresh_s`` (services/notification/adapters/subscriptions.py),
on the real database server: this instance's own changes show at once, another instance's once its
read is older than ``fresh_s``."""

import uuid

from pymongo import AsyncMongoClient

from services.notification.adapters.subscriptions import MongoSubscriptions
from services.notification.domain.subscriptions import Subscription

OFFICE = Subscription(id="office", name="Awards office", email="office@awards.test")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_own_changes_show_at_once_and_another_instances_within_fresh_s(mongo_client: AsyncMongoClient) -> None:
    db, clock = mongo_client[f"subscriptions_{uuid.uuid4().hex[:8]}"], Clock()
    here = MongoSubscriptions(db, [OFFICE], fresh_s=2.0, clock=clock)
    elsewhere = MongoSubscriptions(db, [OFFICE], fresh_s=2.0, clock=clock)
    analyst = Subscription(id="analyst", name="Analyst", email="analyst@awards.test")

    assert [s.id for s in await here.all()] == ["office"]
    await here.save(analyst)
    assert [s.id for s in await here.all()] == ["office", "analyst"], "its own change, at once"

    await elsewhere.remove("analyst")
    clock.now = 1.9
    assert [s.id for s in await here.all()] == ["office", "analyst"], "another instance's: not yet"
    clock.now = 2.0
    assert [s.id for s in await here.all()] == ["office"], "within fresh_s"

    await here.save(OFFICE.model_copy(update={"email": "new-office@awards.test"}))
    assert [s.email for s in await here.all()] == ["new-office@awards.test"], "a stored one replaces the default"
