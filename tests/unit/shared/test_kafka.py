"""``EventBus.publish_each``: hand-over one after the other, each event's own outcome, and no more
hand-overs once the producer refuses one (each would wait the producer's timeout in turn)."""

import asyncio
import json
from typing import Any

from faststream.kafka import KafkaBroker

from shared import topics
from shared.events.nomination import NominationSubmittedEvent
from shared.kafka import EventBus
from shared.settings import Settings


def submitted(reference: str) -> NominationSubmittedEvent:
    return NominationSubmittedEvent.model_validate_json(json.dumps({
        "specversion": "1.0", "id": f"id-{reference}", "source": "urn:test", "time": "2023-11-01T00:00:00Z",
        "type": NominationSubmittedEvent.event_type,
        "data": {"reference": reference, "edition_id": "2024-first", "category": "digital-content",
                 "country": "MA", "nominee": {"kind": "entity", "name_ar": "وزارة"}, "accounts": []}}))


class Producer:
    """Stands in for a topic's publisher: hands back an acknowledgement future per event, refuses the
    hand-over of the events in ``refuse`` and fails the acknowledgement of those in ``lose``."""

    def __init__(self, refuse: set[str] = frozenset(), lose: set[str] = frozenset()) -> None:
        self.refuse, self.lose = refuse, lose
        self.handed: list[str] = []
        self.most_at_once, self._now = 0, 0

    async def publish(self, body: bytes, *, key: bytes, headers: dict[str, str], no_confirm: bool) -> Any:
        assert no_confirm
        reference = key.decode()
        if reference in self.refuse:
            raise TimeoutError("the producer's queue stayed full")
        self._now += 1
        self.most_at_once = max(self.most_at_once, self._now)
        await asyncio.sleep(0)
        self._now -= 1
        self.handed.append(reference)
        acknowledged: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if reference in self.lose:
            acknowledged.set_exception(ConnectionError("broker went away"))
        else:
            acknowledged.set_result(None)
        return acknowledged


def bus_with(producer: Producer) -> EventBus:
    bus = EventBus(KafkaBroker(), Settings(), produces=(topics.NOMINATIONS_SUBMITTED,))
    bus.publishers[topics.NOMINATIONS_SUBMITTED] = producer  # type: ignore[assignment]
    return bus


async def test_every_event_is_handed_over_in_order_one_at_a_time_and_each_outcome_is_its_own() -> None:
    producer = Producer(lose={"n3"})
    names = [f"n{i}" for i in range(6)]
    outcomes = await bus_with(producer).publish_each(topics.NOMINATIONS_SUBMITTED, [(submitted(n), n) for n in names])
    assert producer.handed == names and producer.most_at_once == 1
    assert [type(outcome).__name__ for outcome in outcomes] == ["NoneType"] * 3 + ["ConnectionError"] + ["NoneType"] * 2


async def test_after_a_refused_hand_over_the_rest_are_not_tried_and_carry_its_error() -> None:
    producer = Producer(refuse={"n2"})
    names = [f"n{i}" for i in range(5)]
    outcomes = await bus_with(producer).publish_each(topics.NOMINATIONS_SUBMITTED, [(submitted(n), n) for n in names])
    assert producer.handed == ["n0", "n1"]
    assert outcomes[:2] == [None, None] and all(isinstance(outcome, TimeoutError) for outcome in outcomes[2:])


async def test_publish_all_raises_when_any_is_not_acknowledged() -> None:
    bus = bus_with(Producer(lose={"n1"}))
    try:
        await bus.publish_all(topics.NOMINATIONS_SUBMITTED, [(submitted(n), n) for n in ("n0", "n1", "n2")])
    except ConnectionError:
        return
    raise AssertionError("publish_all returned although one event was not acknowledged")
