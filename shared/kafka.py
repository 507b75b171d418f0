"""Kafka plumbing shared by the services: one broker per service, configured for at-least-once.

- Producer: ``acks="all"`` and idempotence, so an acknowledged event is durable and not duplicated by
  the client's own retries.
- Consumer: ``NACK_ON_ERROR``; FastStream's default (``ACK_FIRST``) commits before the handler runs,
  and ``ACK`` commits even when it fails. Failures never reach that policy except a failed dead-letter
  publish: the retry/dead-letter middleware handles them (see ``shared.dead_letter``).
- New consumer groups start at the earliest offset: nothing published before a service's first start
  is skipped.
"""

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from faststream import AckPolicy
from faststream.kafka import KafkaBroker

from shared import faststream_batch_poll
from shared.dead_letter import DeadLetterPolicy
from shared.events.catalogue import union_of
from shared.events.envelope import CONTENT_TYPE, CloudEvent
from shared.kafka_security import broker_security
from shared.reading import batch_reader_of, parse_tolerating_headers, reader_of
from shared.settings import CommonSettings
from shared.topics import Topic


def make_broker(settings: CommonSettings, service: str) -> KafkaBroker:
    """The service's broker; its batch subscribers poll through ``shared.faststream_batch_poll``."""
    faststream_batch_poll.install()
    policy = DeadLetterPolicy(settings, service)
    broker = KafkaBroker(
        settings.bootstrap_servers,
        client_id=f"awards-{service}",
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        middlewares=[policy],
        parser=parse_tolerating_headers,
        logger=logging.getLogger("awards.broker"),
        graceful_timeout=20.0,
        security=broker_security(settings),
        description=f"Social Government Awards — {service} service",
    )
    policy.bind(broker)
    return broker


def subscription(settings: CommonSettings, service: str, topic: Topic) -> dict[str, Any]:
    """Keyword arguments of ``broker.subscriber`` for one of our topics."""
    return {
        "decoder": reader_of(topic),
        "group_id": settings.consumer_group(service),
        "auto_offset_reset": "earliest",
        "title": f"{service}:{topic.name}",
        "description": topic.description,
    }


def batch_subscription(settings: CommonSettings, service: str, topic: Topic) -> dict[str, Any]:
    """Keyword arguments of ``broker.subscriber`` for a handler of whole batches: it receives the events
    already fetched (up to ``batch_max_records``, never waiting to fill a batch) in offset order, as a
    list, and the batch is committed once it returns (see ``shared.dead_letter`` for failures)."""
    return subscription(settings, service, topic) | {
        "decoder": batch_reader_of(topic),
        "batch": True,
        "max_records": settings.batch_max_records,
        "batch_timeout_ms": faststream_batch_poll.BATCH_IDLE_POLL_MS,
    }


# Routing hints beside the structured envelope, so a router or a person browsing a topic can tell events
# apart without parsing the value. Not ``ce_``-prefixed: a ``ce_`` header means binary mode to
# CloudEvents readers (the SDK's auto-detecting Kafka reader), and our records are structured mode, whole.
EVENT_TYPE_HEADER = "awards-event-type"
EVENT_ID_HEADER = "awards-event-id"


def routing_headers(event: CloudEvent[Any]) -> dict[str, str]:
    """The headers of every record we publish: the structured-mode content type and the routing hints."""
    return {"content-type": CONTENT_TYPE, EVENT_TYPE_HEADER: event.type, EVENT_ID_HEADER: event.id}


class EventBus:
    """Publishes our CloudEvents in structured JSON mode, keyed by their aggregate id.

    A service names the topics it produces; each becomes a FastStream publisher carrying the topic's
    event schema, so the service's AsyncAPI document lists what it publishes from the same code path.
    """

    def __init__(self, broker: KafkaBroker, settings: CommonSettings, produces: tuple[Topic, ...]) -> None:
        self.publishers = {
            topic: broker.publisher(settings.topic(topic.name), schema=union_of(topic),
                                    title=topic.name, description=topic.description)
            for topic in produces
        }

    async def publish(self, topic: Topic, event: CloudEvent[Any], key: str) -> None:
        await self.publish_all(topic, [(event, key)])

    async def _hand_over(self, topic: Topic, event: CloudEvent[Any], key: str) -> "asyncio.Future[Any] | None":
        """Queues the event in the producer; the returned future completes when the broker acknowledges it
        (FastStream's in-memory test broker delivers at once and returns None)."""
        return await self.publishers[topic].publish(
            event.model_dump_json(exclude_none=True).encode(),
            key=key.encode(),
            headers=routing_headers(event),
            no_confirm=True,
        )

    async def publish_each(self, topic: Topic, keyed: Sequence[tuple[CloudEvent[Any], str]]
                           ) -> list[BaseException | None]:
        """Every ``(event, key)`` handed to the producer one after the other, then all acknowledgements
        awaited together, so they travel in the producer's batches; each outcome is ``None`` (acknowledged)
        or its error, in order. After one the producer refuses, the rest are not handed over (each would
        wait the producer's timeout in turn) and carry its error. Handing them over concurrently made
        every waiting sender wake whenever a batch drained, to find the next one full: quadratic in the
        events in flight (37 % of scoring's CPU when a 20,000-nomination burst published thousands of
        standings at once)."""
        handed: list[asyncio.Future[Any] | BaseException | None] = []
        refused: BaseException | None = None
        for event, key in keyed:
            if refused is not None:  # the producer's queue is full (broker unreachable): each more would wait as long
                handed.append(refused)
                continue
            try:
                handed.append(await self._hand_over(topic, event, key))
            except Exception as error:  # noqa: BLE001 - reported as the outcome of this event and the rest
                refused = error
                handed.append(error)

        async def acknowledged(item: asyncio.Future[Any] | BaseException | None) -> BaseException | None:
            if isinstance(item, BaseException):
                return item
            try:
                if item is not None:
                    await item
            except Exception as error:  # noqa: BLE001 - this event's outcome
                return error
            return None

        return list(await asyncio.gather(*map(acknowledged, handed)))

    async def publish_all(self, topic: Topic, keyed: Sequence[tuple[CloudEvent[Any], str]]) -> None:
        """Every ``(event, key)`` as ``publish_each`` does; returns once all are acknowledged, raises if any is not."""
        if failed := next((outcome for outcome in await self.publish_each(topic, keyed) if outcome), None):
            raise failed
