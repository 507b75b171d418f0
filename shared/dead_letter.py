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
  only once its dead letter is acknowledged;
- a batch (a batch subscriber's records, see ``shared.kafka.batch_subscription``) is committed whole
  once its handler returns; a transient failure retries the whole batch as above; any other failure
  (an unreadable record, a handler error) sends each of its records through the handler alone under
  the rules above, so only a record that fails on its own is dead-lettered, with its own bytes. Batch
  handlers are idempotent: records of a failed batch are handled again.
"""

import asyncio
import copy
import logging
import time
from datetime import UTC, datetime
from typing import Any

from faststream import BaseMiddleware
from faststream.kafka import KafkaBroker

from shared.failures import is_transient, is_unreadable
from shared.logs import correlation_id
from shared.metrics import EVENTS, HANDLING_SECONDS, RETRIES
from shared.settings import CommonSettings
from shared.topics import DEAD_LETTER_SUFFIX

log = logging.getLogger("awards.dead_letter")

# Below aiokafka's default max_poll_interval_ms (300 s), past which the member would leave the group.
MAX_WAIT_IN_ONE_POLL_S = 120.0
ERROR_HEADER_LIMIT = 2000


class DeadLetterPolicy:
    """The broker middleware factory; ``bind`` gives it the broker it dead-letters through."""

    def __init__(self, settings: CommonSettings, service: str) -> None:
        self.settings = settings
        self.service = service
        self.broker: KafkaBroker | None = None

    def bind(self, broker: KafkaBroker) -> None:
        self.broker = broker

    def __call__(self, msg: Any, **kwargs: Any) -> "_RetryThenDeadLetter":
        return _RetryThenDeadLetter(msg, policy=self, **kwargs)

    def backoff(self, attempt: int) -> float:
        return min(self.settings.retry_max_backoff_s,
                   self.settings.retry_initial_backoff_s * 2.0 ** (attempt - 1))

    async def dead_letter(self, message: Any, error: BaseException, attempts: int) -> None:
        assert self.broker is not None, "DeadLetterPolicy.bind(broker) was not called"
        (record,) = _records(message)
        headers = {k: v.decode("utf-8", "replace") for k, v in (record.headers or ())}
        headers.update({
            "x-dlq-error": f"{error}"[:ERROR_HEADER_LIMIT],
            "x-dlq-error-type": type(error).__name__,
            "x-dlq-service": self.service,
            "x-dlq-attempts": str(attempts),
            "x-dlq-source-topic": record.topic,
            "x-dlq-source-partition": str(record.partition),
            "x-dlq-source-offset": str(record.offset),
            "x-dlq-time": datetime.now(UTC).isoformat(),
        })
        failures, waited = 0, 0.0
        while True:
            try:
                await self.broker.publish(record.value, topic=record.topic + DEAD_LETTER_SUFFIX,
                                          key=record.key, headers=headers)
                return
            except Exception as publish_error:  # whatever it is, the event must not be lost
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
        records = _records(msg)
        correlation_id.set(None)  # the reader sets it once it has read the event
        started = time.perf_counter()
        try:
            if len(records) == 1:
                return await self._alone(call_next, msg)
            try:
                result = await self._retrying(call_next, msg, give_up_after=1)
            except _NotTransient as failure:
                log.warning("a batch of %d events from %s failed (%r): handling them one by one",
                            len(records), records[0].topic, failure.__cause__)
                for record in records:
                    await self._alone(call_next, _narrowed(msg, record))
                return None
            EVENTS.labels(self.policy.service, records[0].topic, "handled").inc(len(records))
            return result
        finally:
            HANDLING_SECONDS.labels(self.policy.service, records[0].topic).observe(time.perf_counter() - started)

    async def _alone(self, call_next: Any, msg: Any) -> Any:
        topic = _records(msg)[0].topic
        try:
            result = await self._retrying(call_next, msg, give_up_after=self.policy.settings.handler_max_attempts)
        except _NotTransient as failure:
            error, failures = failure.__cause__, failure.attempts
            assert isinstance(error, BaseException)
            log.warning("dead-lettering an event from %s after %d attempt(s): %s", topic, failures, error)
            await self.policy.dead_letter(msg, error, failures)
            EVENTS.labels(self.policy.service, topic, "dead_lettered").inc()
            return None
        EVENTS.labels(self.policy.service, topic, "handled").inc()
        return result

    async def _retrying(self, call_next: Any, msg: Any, give_up_after: int) -> Any:
        """The handler's result; transient failures waited out (re-raised after ``MAX_WAIT_IN_ONE_POLL_S``:
        seek back and poll again), any other failure retried until ``give_up_after`` attempts, an
        unreadable event at once: both then raise ``_NotTransient``."""
        topic = _records(msg)[0].topic
        waited, failures = 0.0, 0
        while True:
            try:
                return await call_next(msg)
            except Exception as error:  # classifying is the point
                failures += 1
                if is_unreadable(error) or (not is_transient(error) and failures >= give_up_after):
                    raise _NotTransient(failures) from error
                if waited >= MAX_WAIT_IN_ONE_POLL_S:
                    raise  # seek back and poll again; the event is redelivered, not committed
                kind = "transient" if is_transient(error) else "handler"
                RETRIES.labels(self.policy.service, topic, kind).inc()
                log.warning("retrying an event from %s (%s failure %d): %r", topic, kind, failures, error)
                pause = self.policy.backoff(failures)
                await asyncio.sleep(pause)
                waited += pause


class _NotTransient(Exception):
    def __init__(self, attempts: int) -> None:
        super().__init__(f"gave up after {attempts} attempt(s)")
        self.attempts = attempts


def _records(msg: Any) -> tuple[Any, ...]:
    raw = msg.raw_message
    return tuple(raw) if isinstance(raw, (tuple, list)) else (raw,)


def _narrowed(batch: Any, record: Any) -> Any:
    """The batch's message narrowed to one of its records (decoded afresh: a copy has its own cache)."""
    single = copy.copy(batch)
    single.raw_message = (record,)
    single.body = [record.value or b""]
    return single
