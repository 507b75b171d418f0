"""Whether this process is the only consumer of the topics that write one of its projections.

Contract: ``SoleConsumer.sole`` is True only while every subscriber it watches holds every partition of
its topic, and ``epoch`` changes at every assignment and revocation. While ``sole`` holds and the epoch
is unchanged, every write to what those subscribers project passes through this process: another
instance's write happened before it committed the offset (offsets follow writes), so before its
partitions were handed over; an uncommitted one is redone here. A memory refreshed by this process's
own writes is then exact; after an epoch change it must be loaded again from the database.
"""

from collections.abc import Callable
from typing import Any

from aiokafka import ConsumerRebalanceListener, TopicPartition


class SoleConsumer:
    def __init__(self) -> None:
        self.epoch = 0
        self._watches: list[_Watch] = []

    @property
    def sole(self) -> bool:
        return bool(self._watches) and all(watch.whole for watch in self._watches)

    def subscriber(self, broker: Any, topic: str, **options: Any) -> Any:
        """``broker.subscriber(topic, **options)``, watched."""
        watch = _Watch(self)
        subscriber = broker.subscriber(topic, listener=watch, **options)
        watch.consumer_of = lambda: subscriber.consumer
        self._watches.append(watch)
        return subscriber


class _Watch(ConsumerRebalanceListener):  # type: ignore[misc]  # aiokafka ships no types: its listener base is Any
    def __init__(self, owner: SoleConsumer) -> None:
        self.owner = owner
        self.whole = False
        self.consumer_of: Callable[[], Any] = lambda: None

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        self.owner.epoch += 1
        self.whole = False

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        self.owner.epoch += 1
        consumer = self.consumer_of()
        if consumer is None:
            self.whole = False
            return
        held = {(tp.topic, tp.partition) for tp in assigned}
        counts = {topic: consumer.partitions_for_topic(topic) for topic in consumer.subscription()}
        self.whole = bool(counts) and all(
            partitions and {(topic, p) for p in partitions} <= held for topic, partitions in counts.items())
