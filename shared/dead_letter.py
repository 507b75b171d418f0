"""Retry with backoff, then dead-letter: a broker-level FastStream middleware.

Contract, written once:
- an unreadable event (bad JSON, wrong envelope, unknown type, schema violation) is published to
  ``<topic>.dlq`` with its original key and bytes, the original headers and ``x-dlq-*`` headers (error,
  error type, service, attempts, source topic/partition/offset), then committed;
- a transient failure is retried with exponential backoff and nothing is committed meanwhile; after
  ``MAX_WAIT_IN_ONE_POLL_S`` the error is re-raised so ``NACK_ON_ERROR`` seeks back and the consumer
  polls again (staying within Kafka's max poll interval, so it keeps its partitions); shutdown cancels
  the wait and the event goes to the next owner;
- any other failure is retried up to ``handler_max_attempts`` times, then dead-lettered;
- a failing dead-letter publish is itself retried with backoff, never skipped: the event is committed
  only once its dead letter is acknowledged.
"""

import asyncio
import logging
import time
from datetime import datetime, timezone
from typing import Any

from faststream import BaseMiddleware
from faststream.kafka import KafkaBroker

from shared.logs import correlation_id
from shared.failures import is_transient, is_unreadable
from shared.metrics import EVENTS, HANDLING_SECONDS, RETRIES
from shared.settings import Settings
from shared.topics import DEAD_LETTER_SUFFIX

log = logging.getLogger("awards.dead_letter")

# Below aiokafka's default max_poll_interval_ms (300 s), past which the member would leave the group.
MAX_WAIT_IN_ONE_POLL_S = 120.0
ERROR_HEADER_LIMIT = 2000


class DeadLetterPolicy:
    """The broker middleware factory; ``bind`` gives it the broker it dead-letters through."""

    def __init__(self, settings: Settings, service: str) -> None:
        self.settings = settings
        self.service = service
        self.broker: KafkaBroker | None = None

    def bind(self, broker: KafkaBroker) -> None:
        self.broker = broker

    def __call__(self, msg: Any, **kwargs: Any) -> "_RetryThenDeadLetter":
        return _RetryThenDeadLetter(msg, policy=self, **kwargs)

    def backoff(self, attempt: int) -> float:
        return min(self.settings.retry_max_backoff_s,
                   self.settings.retry_initial_backoff_s * 2 ** (attempt - 1))

    async def dead_letter(self, message: Any, error: BaseException, attempts: int) -> None:
        assert self.broker is not None, "DeadLetterPolicy.bind(broker) was not called"
        record = message.raw_message
        headers = {k: v.decode("utf-8", "replace") for k, v in (record.headers or ())}
        headers.update({
            "x-dlq-error": f"{error}"[:ERROR_HEADER_LIMIT],
            "x-dlq-error-type": type(error).__name__,
            "x-dlq-service": self.service,
            "x-dlq-attempts": str(attempts),
            "x-dlq-source-topic": record.topic,
            "x-dlq-source-partition": str(record.partition),
            "x-dlq-source-offset": str(record.offset),
            "x-dlq-time": datetime.now(timezone.utc).isoformat(),
        })
        failures, waited = 0, 0.0
        while True:
            try:
                await self.broker.publish(record.value, topic=record.topic + DEAD_LETTER_SUFFIX,
                                          key=record.key, headers=headers)
                return
            except Exception as publish_error:  # noqa: BLE001 - whatever it is, the event must not be lost
                failures += 1
                log.error("cannot dead-letter an event from %s (attempt %d): %r",
                          record.topic, failures, publish_error)
                if waited >= MAX_WAIT_IN_ONE_POLL_S:
                    raise  # seek back: the event is read again and dead-lettered on a later poll
                pause = self.backoff(failures)
                await asyncio.sleep(pause)
                waited += pause


class _RetryThenDeadLetter(BaseMiddleware):
    def __init__(self, msg: Any, *, policy: DeadLetterPolicy, **kwargs: Any) -> None:
        super().__init__(msg, **kwargs)
        self.policy = policy

    async def consume_scope(self, call_next: Any, msg: Any) -> Any:
        topic = msg.raw_message.topic
        correlation_id.set(None)  # the reader sets it once it has read the event
        started = time.perf_counter()
        waited = 0.0
        failures = 0
        try:
            while True:
                try:
                    result = await call_next(msg)
                except Exception as error:  # noqa: BLE001 - classifying is the point
                    failures += 1
                    if is_unreadable(error) or (
                        not is_transient(error) and failures >= self.policy.settings.handler_max_attempts
                    ):
                        log.warning("dead-lettering an event from %s after %d attempt(s): %s",
                                    topic, failures, error)
                        await self.policy.dead_letter(msg, error, failures)
                        EVENTS.labels(self.policy.service, topic, "dead_lettered").inc()
                        return None
                    kind = "transient" if is_transient(error) else "handler"
                    if waited >= MAX_WAIT_IN_ONE_POLL_S:
                        raise  # seek back and poll again; the event is redelivered, not committed
                    RETRIES.labels(self.policy.service, topic, kind).inc()
                    log.warning("retrying an event from %s (%s failure %d): %r",
                                topic, kind, failures, error)
                    pause = self.policy.backoff(failures)
                    await asyncio.sleep(pause)
                    waited += pause
                else:
                    EVENTS.labels(self.policy.service, topic, "handled").inc()
                    return result
        finally:
            HANDLING_SECONDS.labels(self.policy.service, topic).observe(time.perf_counter() - started)
