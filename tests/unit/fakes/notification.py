"""In-memory stand-ins for the notification service's ports (services/notification/service_layer/ports.py),
for unit tests of its service layer only; the Mongo, SMTP and HTTP adapters are proven by the integration
and e2e tiers."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.notification.domain.subscriptions import Subscription


class Clock:
    """Time that passes only when the test says so: ``now()`` for the ledger's stored times, ``seconds()``
    for the deliverer's schedule (``Deliverer(clock=...)``), both moved by ``advance``."""

    START = datetime(2024, 2, 1, 12, tzinfo=UTC)

    def __init__(self) -> None:
        self.elapsed_s = 0.0

    def now(self) -> datetime:
        return self.START + timedelta(seconds=self.elapsed_s)

    def seconds(self) -> float:
        return self.elapsed_s

    def advance(self, seconds: float) -> None:
        self.elapsed_s += seconds


class FakeDeliveries:
    """The deliveries ledger, as services/notification/adapters/deliveries.py keeps it: a retry is due once
    its ``next_at`` has come, a claim once it is ``stale_claim_s`` old, both on ``clock``. ``reads`` counts
    the reads of what is due."""

    def __init__(self, clock: Clock | None = None, stale_claim_s: float = 60.0) -> None:
        self.entries: dict[str, dict[str, Any]] = {}
        self.reads = 0
        self.clock, self.stale_claim_s = clock or Clock(), stale_claim_s

    async def claim(self, key: str, **facts: Any) -> dict[str, Any] | None:
        if key in self.entries:
            return self.entries[key]
        self.entries[key] = {"_id": key, "state": "claimed", "claimed_at": self.clock.now(), **facts}
        return None

    async def claim_many(self, entries: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        stored = {key: self.entries[key] for key in entries if key in self.entries}
        for key, facts in entries.items():
            await self.claim(key, **facts)
        return stored

    async def done(self, key: str) -> None:
        self.entries[key]["state"] = "done"

    async def done_many(self, keys: list[str]) -> None:
        for key in keys:
            await self.done(key)

    async def failed(self, key: str, reason: str) -> None:
        self.entries[key].update(state="failed", reason=reason)

    async def retry_later(self, key: str, attempts: int, wait_s: float, reason: str) -> None:
        self.entries[key].update(state="retry", attempts=attempts, reason=reason,
                                 next_at=self.clock.now() + timedelta(seconds=wait_s))

    async def due(self) -> list[dict[str, Any]]:
        self.reads += 1
        now = self.clock.now()
        stale_before = now - timedelta(seconds=self.stale_claim_s)
        entries = [dict(e) for e in self.entries.values()]  # copies, as read from the database
        return ([e for e in entries if e["state"] == "retry" and e["next_at"] <= now]
                + [e for e in entries if e["state"] == "claimed" and e["claimed_at"] <= stale_before])

    async def take(self, entry: dict[str, Any]) -> bool:
        stored = self.entries[entry["_id"]]
        since = "next_at" if entry["state"] == "retry" else "claimed_at"
        if (stored["state"], stored.get(since)) != (entry["state"], entry[since]):
            return False
        stored.update(state="claimed", claimed_at=self.clock.now())
        return True

    def states(self) -> dict[str, str]:
        return {key: entry["state"] for key, entry in self.entries.items()}


class Receiver:
    """A channel (mail server, webhook receiver) that raises the given failures first, in order, and
    records (target, subject) of what it took."""

    def __init__(self, failures: list[Exception] | None = None) -> None:
        self.got: list[tuple[str, str]] = []
        self.failures = failures or []
        self.calls = 0

    async def __call__(self, target: str, message: dict[str, Any], key: str) -> None:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        self.got.append((target, message["subject"]))


class FakeSubscriptions:
    def __init__(self, *subscriptions: Subscription) -> None:
        self.stored = {s.id: s for s in subscriptions}

    async def all(self) -> list[Subscription]:
        return list(self.stored.values())

    async def save(self, subscription: Subscription) -> None:
        self.stored[subscription.id] = subscription

    async def remove(self, subscription_id: str) -> bool:
        return self.stored.pop(subscription_id, None) is not None


class FakeDigestItems:
    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}

    async def keep(self, item_id: str, subscription_id: str, day: date, **facts: Any) -> None:
        self.items.setdefault(item_id, {"_id": item_id, "subscription_id": subscription_id,
                                        "day": day.isoformat(), "sent": False, **facts})

    async def waiting(self, subscription_id: str | None = None) -> list[dict[str, Any]]:
        return sorted((i for i in self.items.values() if not i["sent"]
                       and subscription_id in (None, i["subscription_id"])), key=lambda i: (i["day"], i["_id"]))

    async def mark_sent(self, item_ids: list[str]) -> None:
        for item_id in item_ids:
            self.items[item_id]["sent"] = True


class Published:
    """The ``publish`` port: keeps the status of every audit event published."""

    def __init__(self) -> None:
        self.statuses: list[str] = []

    async def __call__(self, events: list[Any]) -> None:
        self.statuses.extend(event.data.status for event in events)
