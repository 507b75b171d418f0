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
import weakref
from itertools import chain
from time import monotonic
from typing import Any

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.subscriber.usecase import BatchSubscriber

from shared.dead_letter import DeadLetterPolicy
from shared.events.catalogue import union_of
from shared.events.envelope import CONTENT_TYPE, CloudEvent
from shared.kafka_security import broker_security
from shared.reading import batch_reader_of, parse_tolerating_headers, reader_of
from shared.settings import Settings
from shared.topics import Topic


def make_broker(settings: Settings, service: str) -> KafkaBroker:
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


def subscription(settings: Settings, service: str, topic: Topic) -> dict[str, Any]:
    """Keyword arguments of ``broker.subscriber`` for one of our topics."""
    return {
        "decoder": reader_of(topic),
        "group_id": settings.consumer_group(service),
        "auto_offset_reset": "earliest",
        "title": f"{service}:{topic.name}",
        "description": topic.description,
    }


# How long a batch subscriber's poll waits for a first record; data arriving during the wait ends it at
# once (aiokafka's getmany), so this only sets how often an idle subscriber wakes up.
BATCH_IDLE_POLL_MS = 500
# How long a poll that found its records already waiting asks once more for those still at the broker.
BATCH_GATHER_MS = 3
# A poll that answers within this found records fetched while the last batch was handled: the subscriber
# is behind, and more may be waiting at the broker.
ANSWERED_AT_ONCE_S = 0.001
# An error of a poll's second ask, raised at the consumer's next poll instead. The first answer's records
# are already behind the consumer's position: raised at once, the error would make FastStream's loop log
# it, drop them and poll again, and the next batch's commit would pass them unhandled. aiokafka does the
# same with an error it finds beside records it can return; having raised it, it does not raise it again.
_deferred: "weakref.WeakKeyDictionary[Any, Exception]" = weakref.WeakKeyDictionary()


async def _poll(self: BatchSubscriber, consumer: Any) -> tuple[Any, ...]:
    """FastStream's batch poll, with two changes (tested in tests/unit/test_batch_poll.py):

    - no sleep after an empty poll (FastStream sleeps as long as the poll): an event arriving during that
      sleep waited for it, at every hop (20 ms at most with a 20 ms poll, the default 200 ms doubled the
      latency of sparse events);
    - a poll that found records waiting asks once more, for ``BATCH_GATHER_MS`` (longer only while the
      group is rebalancing: aiokafka waits for the new assignment first). aiokafka fetches a partition
      again only once the records it holds of it are taken (and the broker's other partitions only
      after 0.1 s), so of what reached the broker while the last batch was handled it holds only what
      the first answer carried; the rest would wait a whole batch more. At 50/s (`bench.stages`, four
      runs without it, four with it, two of those always asking) the first hop, whose batches take
      longer than the 20 ms between submissions, screened a submission 33-51 ms after it was published
      instead of 56-69 (p50); materialised p50 109 ms instead of 123, p99 unchanged (~315). A poll
      that had to wait for its records asks nothing more: they are fresh, nothing is behind them, and
      the hops that keep up do not pay the extra ask (always asking cost them 2-5 ms each).
    """
    if (error := _deferred.pop(consumer, None)) is not None:
        raise error
    began = monotonic()
    records = await consumer.getmany(timeout_ms=self.batch_timeout_ms, max_records=self.max_records)
    batch = list(chain.from_iterable(records.values()))
    room = None if self.max_records is None else self.max_records - len(batch)  # None: no limit
    if batch and room != 0 and monotonic() - began < ANSWERED_AT_ONCE_S:
        try:
            more = await consumer.getmany(timeout_ms=BATCH_GATHER_MS, max_records=room)
        except Exception as failure:  # noqa: BLE001 - raised at the next poll, see _deferred
            _deferred[consumer] = failure
        else:
            batch.extend(chain.from_iterable(more.values()))  # later offsets of each partition: order holds
    return tuple(batch)


BatchSubscriber.get_msg = _poll


def batch_subscription(settings: Settings, service: str, topic: Topic) -> dict[str, Any]:
    """Keyword arguments of ``broker.subscriber`` for a handler of whole batches: it receives the events
    already fetched (up to ``batch_max_records``, never waiting to fill a batch) in offset order, as a
    list, and the batch is committed once it returns (see ``shared.dead_letter`` for failures)."""
    return subscription(settings, service, topic) | {
        "decoder": batch_reader_of(topic),
        "batch": True,
        "max_records": settings.batch_max_records,
        "batch_timeout_ms": BATCH_IDLE_POLL_MS,
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

    def __init__(self, broker: KafkaBroker, settings: Settings, produces: tuple[Topic, ...]) -> None:
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

    async def publish_each(self, topic: Topic, keyed: list[tuple[CloudEvent[Any], str]]
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

    async def publish_all(self, topic: Topic, keyed: list[tuple[CloudEvent[Any], str]]) -> None:
        """Every ``(event, key)`` as ``publish_each`` does; returns once all are acknowledged, raises if any is not."""
        if failed := next((outcome for outcome in await self.publish_each(topic, keyed) if outcome), None):
            raise failed
