"""Delivering each notification once per (event, subscription, channel), in the subscriber's language.

The ledger entry is claimed before sending and completed after. A transient failure (mail server or
webhook receiver down) schedules a retry with exponential backoff and jitter, owned by the retrier, so
the consumer moves on; a permanent failure (a recipient refused, a 4xx) is recorded and reported, never
retried. A crash between claim and completion is picked up by the retrier, which sends again with the
same Message-ID / Idempotency-Key (derived from the key) so receivers can drop the repeat. Every final
outcome is published to ``notifications.sent``.
"""

import asyncio
import logging
import random
import time
from collections.abc import Callable
from typing import Any

from shared.periodic import Periodic
from shared.transient import TransientFailure

from .delivery_entries import audit, repeated_audit
from .ports import Channel, DeliveriesLedger, PermanentFailure, Publish
from .retry_schedule import RetrySchedule

log = logging.getLogger("awards.notification.delivery")


class Deliverer:
    def __init__(self, deliveries: DeliveriesLedger, channels: dict[str, Channel], publish: Publish,
                 max_attempts: int, base_wait_s: float, concurrency: int = 8, sweep_s: float = 15.0, *,
                 retries_remembered: int, clock: Callable[[], float] = time.monotonic) -> None:
        """``retries_remembered`` bounds the due times of its retries this process keeps (see
        retry_schedule.py); ``clock`` reads seconds on the clock the ledger's due times are kept on (a
        test's clock, which the ledger's fake shares, else the monotonic one)."""
        self.deliveries, self.channels, self.publish = deliveries, channels, publish
        self.max_attempts, self.base_wait_s = max_attempts, base_wait_s
        self.concurrency, self.clock = concurrency, clock
        self.schedule = RetrySchedule(sweep_s, retries_remembered)
        # Sends under way in this process: a slow receiver's claim looks stale but must not be sent twice.
        self.in_flight: set[str] = set()

    async def deliver_all(self, entries: list[dict[str, Any]]) -> None:
        """Each entry as ``deliver`` does, with the ledger claimed for all of them in one command and the
        sent ones completed in one, and at most ``concurrency`` sends under way at once (one after the
        other, with two ledger writes each, a batch waited on every round trip in turn). Every send has
        finished or failed before this returns; then the first failure is raised and the batch is
        retried (the ledger keeps what was sent from being sent twice)."""
        unique: dict[str, dict[str, Any]] = {}
        for entry in entries:
            unique.setdefault(entry["_id"], entry)
        stored = await self.deliveries.claim_many({key: {k: v for k, v in entry.items() if k != "_id"}
                                                   for key, entry in unique.items()})
        await self.publish([event for event in map(repeated_audit, stored.values()) if event is not None])
        fresh = [{**entry, "attempts": 0} for key, entry in unique.items() if key not in stored]
        bound = asyncio.Semaphore(self.concurrency)
        sent: list[dict[str, Any]] = []

        async def one(entry: dict[str, Any]) -> None:
            async with bound:
                if await self._send(entry):
                    sent.append(entry)

        self.in_flight.update(entry["_id"] for entry in fresh)
        try:
            outcomes = await asyncio.gather(*map(one, fresh), return_exceptions=True)
            await self.deliveries.done_many([entry["_id"] for entry in sent])
        finally:  # only once the outcomes are recorded: until then the claims are this process's
            self.in_flight.difference_update(entry["_id"] for entry in fresh)
        await self.publish([audit(entry, "sent") for entry in sent])
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome

    async def deliver(self, entry: dict[str, Any]) -> None:
        """First attempt, from the consumer. A repeat of a finished delivery re-publishes its audit."""
        facts = {k: v for k, v in entry.items() if k != "_id"}
        stored = await self.deliveries.claim(entry["_id"], **facts)
        if stored is not None:
            await self._repeat(stored)
            return
        await self.attempt({**entry, "attempts": 0})

    async def _repeat(self, stored: dict[str, Any]) -> None:
        if (event := repeated_audit(stored)) is not None:
            await self.publish([event])

    async def attempt(self, entry: dict[str, Any]) -> None:
        key = entry["_id"]
        self.in_flight.add(key)
        try:
            if await self._send(entry):
                await self.deliveries.done(key)
                await self.publish([audit(entry, "sent")])
        finally:  # only once the outcome is recorded: until then the claim is this process's
            self.in_flight.discard(key)

    async def _send(self, entry: dict[str, Any]) -> bool:
        """True when the receiver took it; otherwise the failure is recorded (a retry later, or failed)."""
        attempts = entry.get("attempts", 0) + 1
        try:
            await self.channels[entry["channel"]](entry["target"], entry["message"], entry["_id"])
        except TransientFailure as error:
            await self._after_transient(entry, attempts, error)
            return False
        except PermanentFailure as error:
            await self._fail(entry, str(error))
            return False
        except Exception as error:  # noqa: BLE001 - unforeseen: counted as an attempt, never blocks the rest
            await self._after_transient(entry, attempts, TransientFailure(f"{type(error).__name__}: {error}"))
            return False
        return True

    async def _after_transient(self, entry: dict[str, Any], attempts: int, error: Exception) -> None:
        if attempts >= self.max_attempts:
            await self._fail(entry, f"gave up after {attempts} attempts: {error}")
            return
        wait = self.base_wait_s * 2 ** (attempts - 1) * random.uniform(0.5, 1.5)
        await self.deliveries.retry_later(entry["_id"], attempts, wait, str(error))
        self.schedule.scheduled(self.clock() + wait)
        log.warning("delivery %s failed (%s); retry %d in %.1f s", entry["_id"], error, attempts, wait)

    async def _fail(self, entry: dict[str, Any], reason: str) -> None:
        await self.deliveries.failed(entry["_id"], reason)
        log.error("delivery %s failed for good: %s", entry["_id"], reason)
        await self.publish([audit(entry, "failed")])

    async def retry_due(self) -> int:
        """Sends what the ledger holds due, when ``schedule`` says it may (reading it costs O(deliveries))."""
        began = self.clock()
        if not self.schedule.due(began):
            return 0
        due = [entry for entry in await self.deliveries.due() if entry["_id"] not in self.in_flight]
        self.schedule.read(began)
        sent = 0
        for entry in due:  # every instance reads the same ledger: each entry is sent by the one that takes it
            if await self.deliveries.take(entry):
                await self.attempt(entry)
                sent += 1
        return sent


def retrier(deliverer: Deliverer, interval_s: float) -> Periodic:
    """Sends due retries every ``interval_s`` once started (the first after one interval: the consumer
    delivers first attempts itself)."""
    async def step() -> None:
        await deliverer.retry_due()
    return Periodic("retrier", interval_s, step, log=log, failure="retrying deliveries failed", wait_first=True)
