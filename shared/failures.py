"""Which failures are worth waiting out and which are the message's own fault.

A *transient* failure (broker, database or mail server unreachable) says nothing about the message:
it is retried with backoff for as long as it lasts and the offset is not committed. An *unreadable*
message can never succeed and is dead-lettered at once. Anything else is a handler bug that may be
triggered by one message: retried a few times, then dead-lettered so the partition keeps flowing.
"""

import asyncio
import socket

from aiokafka import errors as kafka_errors
from pymongo import errors as mongo_errors

from shared.reading import UnreadableEvent
from shared.transient import TransientFailure


def is_unreadable(exc: BaseException) -> bool:
    return isinstance(exc, UnreadableEvent)


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, (TransientFailure, mongo_errors.ConnectionFailure, asyncio.TimeoutError,
                        ConnectionError, kafka_errors.KafkaConnectionError,
                        kafka_errors.KafkaTimeoutError)):
        return True
    if isinstance(exc, kafka_errors.KafkaError):
        return bool(getattr(exc, "retriable", False))
    if isinstance(exc, mongo_errors.PyMongoError):
        return exc.has_error_label("RetryableWriteError") or exc.timeout
    return isinstance(exc, (TimeoutError, socket.gaierror))
