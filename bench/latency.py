"""Latency, end to end: an outside system publishes a nomination → the results read model holds it.

Open loop: nomination i is sent at start + i / rate whatever happened to the earlier ones, and its
latency counts from that intended time, so a producer or broker that stalls shows as latency instead
of silently slowing the offered load (no coordinated omission).

When a write happened: the results service stores no write time (``screened_at`` is the event's own
time), FerretDB v1 has no change streams, and its pushed-down ``_id`` lookup does not use the ``_id``
index (every find scans the collection), so polling the read model per nomination would load the very
server under test. Instead the bench polls the results consumer group's committed offsets every
``poll_interval_s`` (the service commits a record right after its MongoDB write succeeded) and reads
the topics to know which nomination sits at which offset. A write is dated by the first poll that
shows it committed: late by at most one poll cycle (reported) plus one commit round trip.
"""

import asyncio
import bisect
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared import topics

from .kafka_tools import GroupProgress, producer
from .pipeline import RunningPipeline
from .raw_kafka import assigned_consumer
from .stats import latency_summary, percentile
from .system import Published, wait_materialised


@dataclass
class CommitHistory:
    """Every change of a group's committed offsets, with when the bench first saw it."""

    seen: dict[TopicPartition, tuple[list[int], list[float]]] = field(default_factory=dict)
    cycles_s: list[float] = field(default_factory=list)

    def record(self, offsets: dict[TopicPartition, int], at: float) -> None:
        for tp, offset in offsets.items():
            committed, times = self.seen.setdefault(tp, ([], []))
            if not committed or offset > committed[-1]:
                committed.append(offset)
                times.append(at)

    def written_at(self, tp: TopicPartition, offset: int) -> float:
        """When the record at ``offset`` was first seen committed (committed offset > its offset); a
        LookupError for a record not seen committed, which a measurement that waited for it never asks."""
        committed, times = self.seen.get(tp, ([], []))
        i = bisect.bisect_right(committed, offset)
        if i == len(times):
            raise LookupError(f"offset {offset} of {tp} was not seen committed")
        return times[i]


async def poll_commits(progress: GroupProgress, group: str, history: CommitHistory, interval_s: float,
                       stop: asyncio.Event) -> None:
    while not stop.is_set():
        began = time.monotonic()
        offsets = await progress.offsets(group)
        seen = time.monotonic()
        history.record({tp: meta.offset for tp, meta in offsets.items() if meta.offset >= 0}, seen)
        history.cycles_s.append(seen - began)
        await asyncio.sleep(interval_s)


async def record_offsets(consumer: AIOKafkaConsumer, where: dict[str, tuple[TopicPartition, int]],
                         stop: asyncio.Event) -> None:
    """Nomination id (the record key) → its first record after the consumer's position."""
    while not stop.is_set():
        for tp, records in (await consumer.getmany(timeout_ms=100, max_records=500)).items():
            for record in records:
                where.setdefault(record.key.decode(), (tp, record.offset))


async def measure(pipeline: RunningPipeline, progress: GroupProgress, published: Published, rate: float,
                  seconds: float, interval_s: float, trace: dict[str, Any] | None = None) -> dict[str, Any]:
    """The latency summaries; ``trace``, when given, also receives each nomination's intended send time
    (``intended_wall``, epoch seconds), its latencies (``screened``, ``materialised``, seconds) and ids
    (``keys`` of its submission, ``nomination_ids``), in sending order."""
    screened_topic = pipeline.topic(topics.NOMINATIONS_SCREENED.name)
    standings_topic = pipeline.topic(topics.SCORES_UPDATED.name)
    offsets: dict[str, dict[str, tuple[TopicPartition, int]]] = {screened_topic: {}, standings_topic: {}}
    stop, sender = asyncio.Event(), producer(pipeline.settings.kafka_bootstrap_servers)
    readers: dict[str, AIOKafkaConsumer] = {}
    background: list[asyncio.Task[None]] = []
    try:
        # From the topics' ends, before the clock starts: the records before this stream (a warm-up's
        # thousands) are not read back while it runs.
        for topic in offsets:
            readers[topic] = await assigned_consumer(pipeline.settings.kafka_bootstrap_servers, topic, from_end=True)
        count = max(1, round(rate * seconds))
        lead_s = 1.0  # envelopes are built before the clock starts
        start_wall = datetime.now(UTC) + timedelta(seconds=lead_s)
        start = time.monotonic() + lead_s
        intended = [start + i / rate for i in range(count)]
        batch = published.next(pipeline, count,
                               stamps=[start_wall + timedelta(seconds=i / rate) for i in range(count)])
        history = CommitHistory()
        background = [asyncio.create_task(poll_commits(progress, pipeline.group("results"), history, interval_s, stop)),
                      *(asyncio.create_task(record_offsets(readers[topic], where, stop))
                        for topic, where in offsets.items())]
        await sender.start()
        late_s: list[float] = []
        submitted = pipeline.topic(topics.NOMINATIONS_SUBMITTED.name)
        acknowledged = []
        for at, nomination in zip(intended, batch, strict=True):
            if (wait := at - time.monotonic()) > 0:
                await asyncio.sleep(wait)
            late_s.append(time.monotonic() - at)
            acknowledged.append(await sender.send(submitted, nomination.value, key=nomination.key))
        await asyncio.gather(*acknowledged)
        await wait_materialised(pipeline, progress, published.count, timeout_s=60 + 2 * count,
                                interval_s=interval_s)
        await _until(lambda: all(n.nomination_id in where for n in batch for where in offsets.values()))
        await asyncio.sleep(2 * interval_s)  # one more poll sees the last commit
    finally:
        stop.set()
        await asyncio.gather(*background, return_exceptions=True)
        await asyncio.gather(*(reader.stop() for reader in readers.values()), return_exceptions=True)
        await sender.stop()
    samples = {name: [history.written_at(*offsets[topic][n.nomination_id]) - at
                      for n, at in zip(batch, intended, strict=True)]
               for name, topic in (("screened", screened_topic), ("materialised", standings_topic))}
    if trace is not None:
        trace.update(keys=[n.key for n in batch], nomination_ids=[n.nomination_id for n in batch],
                     intended_wall=[(start_wall + timedelta(seconds=i / rate)).timestamp() for i in range(count)],
                     **samples)
    cycles = sorted(history.cycles_s)
    return {
        "offered_per_s": rate, "nominations": count, "seconds": seconds,
        "screened": latency_summary(samples["screened"]),
        "materialised": latency_summary(samples["materialised"]),
        "send_late_ms": {"p50": 1000 * percentile(sorted(late_s), 0.5), "max": 1000 * max(late_s)},
        "poll_interval_ms": 1000 * interval_s,
        "poll_cycle_ms": {"p50": 1000 * (interval_s + percentile(cycles, 0.5)),
                          "p99": 1000 * (interval_s + percentile(cycles, 0.99))},
    }


async def _until(condition: Callable[[], bool], timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the bench did not read back every published nomination's offsets")
        await asyncio.sleep(0.05)
