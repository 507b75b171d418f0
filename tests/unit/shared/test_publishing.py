import asyncio
from typing import Any

import pytest
from aiokafka.errors import KafkaConnectionError
from fastapi import HTTPException

from shared import topics
from shared.publishing import publish_or_503


class Bus:
    def __init__(self, behaviour: str) -> None:
        self.behaviour = behaviour
        self.published: list[tuple[Any, str]] = []

    async def publish(self, topic: Any, event: Any, key: str) -> None:
        if self.behaviour == "hang":
            await asyncio.sleep(60)
        if self.behaviour == "refuse":
            raise KafkaConnectionError("no broker")
        self.published.append((event, key))


async def test_an_acknowledged_event_returns() -> None:
    bus = Bus("ack")
    await publish_or_503(bus, topics.VOTES, "event", "key", timeout_s=1)  # type: ignore[arg-type]  # duck-typed bus and event
    assert bus.published == [("event", "key")]


@pytest.mark.parametrize("behaviour", ["hang", "refuse"])
async def test_no_acknowledgement_in_time_answers_503_with_retry_after(behaviour: str) -> None:
    with pytest.raises(HTTPException) as refused:
        await publish_or_503(Bus(behaviour), topics.VOTES, "event", "key", timeout_s=0.05)  # type: ignore[arg-type]  # duck-typed bus and event
    assert refused.value.status_code == 503
    assert refused.value.headers == {"Retry-After": "5"}
    assert "nothing was accepted" in str(refused.value.detail)
