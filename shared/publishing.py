"""Publishing an event on behalf of an HTTP request.

Contract: ``publish_or_503`` returns once Kafka has acknowledged the event (acks=all, idempotent producer),
so a 2xx answer means the event is in the log. When Kafka does not acknowledge within ``timeout_s``, or
refuses, it raises a 503 with ``Retry-After``: nothing was accepted and the caller may send the same
request again (event ids are derived from the request, so a repeat is not counted twice).
"""

import asyncio
from typing import Any

from aiokafka.errors import KafkaError
from fastapi import HTTPException

from shared.events.envelope import CloudEvent
from shared.kafka import EventBus
from shared.topics import Topic

RETRY_AFTER_S = "5"


async def publish_or_503(bus: EventBus, topic: Topic, event: CloudEvent[Any], key: str,
                         timeout_s: float) -> None:
    try:
        await asyncio.wait_for(bus.publish(topic, event, key=key), timeout_s)
    except (TimeoutError, KafkaError, OSError) as error:
        raise HTTPException(503, detail=f"the event log is unavailable ({type(error).__name__}); "
                            "nothing was accepted, retry later",
                            headers={"Retry-After": RETRY_AFTER_S}) from error
