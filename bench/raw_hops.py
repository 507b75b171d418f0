"""L2, raw hops: as many consumer → parse → producer hops as the pipeline has between an outside
system and the read model (submitted → screened → scores.updated → results), each hop a process of
its own, without a database. Each hop commits once per fetched batch, after the broker acknowledged
everything it produced from that batch: at-least-once, as a careful consumer does."""

import asyncio
import itertools
import json
import time
import uuid
from typing import Any

from .kafka_tools import create_topics, delete_topics_with_prefix, producer, publish_all
from .raw_kafka import assigned_consumer
from .workers import Report, Worker

HOPS = ("nominations.submitted", "nominations.screened", "scores.updated", "results")


def derived(value: bytes) -> bytes:
    """What a hop does with an event: parse it and emit the next event of the chain."""
    event = json.loads(value)
    event["causationid"], event["id"] = event["id"], str(uuid.uuid4())
    return json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()


async def forward(bootstrap_servers: str, source: str, target: str, group: str, expected: int,
                  report: Report) -> None:
    consumer = await assigned_consumer(bootstrap_servers, source, group)
    sender = producer(bootstrap_servers)
    await sender.start()
    try:
        report("ready")
        forwarded = 0
        while forwarded < expected:
            batches = await consumer.getmany(timeout_ms=200, max_records=500)
            sent = [await sender.send(target, derived(record.value), key=record.key)
                    for records in batches.values() for record in records]
            if sent:
                await asyncio.gather(*sent)
                await consumer.commit()
                forwarded += len(sent)
        report(time.monotonic())
    finally:
        await sender.stop()
        await consumer.stop()


async def measure(bootstrap_servers: str, messages: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    prefix = f"benchhop{uuid.uuid4().hex[:8]}."
    topics = [prefix + name for name in HOPS]
    await create_topics(bootstrap_servers, topics)
    hops = [Worker(forward, bootstrap_servers, source, target, f"{prefix}hop{i}", len(messages))
            for i, (source, target) in enumerate(itertools.pairwise(topics), 1)]
    try:
        for hop in hops:
            hop.__enter__()
        for hop in hops:
            await hop.ready()
        started = await publish_all(bootstrap_servers, topics[0], messages)
        finished = [await hop.report(timeout_s=300) for hop in hops]
    finally:
        for hop in hops:
            hop.__exit__()
        await delete_topics_with_prefix(bootstrap_servers, prefix)
    last = max(finished)
    return {"messages": len(messages), "hops": len(hops), "seconds": last - started,
            "per_s": len(messages) / (last - started)}
