"""The steady load: sequence-numbered nominations and, twenty steps behind them, one public vote for each
earlier nomination, published open loop at a fixed rate by a plain aiokafka producer. A send counts only
once Kafka acknowledged it (acks=all); a send refused during an outage is recorded, not retried, as an
outside system that gave up would."""

import asyncio
import hashlib
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer

from bench.envelopes import nomination
from shared.events.scoring import voter_scope

VOTE_LAG = 20  # a vote goes to the nomination published this many steps earlier (accepted by then)


@dataclass
class Acked:
    nominations: dict[str, str] = field(default_factory=dict)  # reference → nomination id
    votes: dict[str, str] = field(default_factory=dict)  # voter → nomination id
    refused: int = 0
    # Every vote sent, acknowledged or not: a send that timed out may still have been written, so a
    # vote is counted twice only when a nomination holds more votes than were ever sent for it.
    votes_sent: dict[str, str] = field(default_factory=dict)


def vote(nomination_id: str, edition_id: str, category: str, voter: str) -> tuple[bytes, bytes]:
    event = {"specversion": "1.0", "id": str(uuid.uuid4()), "source": "https://votes.chaos.example",
             "type": "org.socialgov.awards.vote.cast.v1", "time": datetime.now(UTC).isoformat(),
             "datacontenttype": "application/json",
             "data": {"nomination_id": nomination_id, "edition_id": edition_id, "category": category,
                      "voter": voter}}
    return voter_scope(edition_id, category, voter).encode(), json.dumps(event).encode()


async def steady_load(bootstrap_servers: str, topic_prefix: str, edition_id: str, run: str, rate: float,
                      seconds: float, acked: Acked) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers, acks="all", enable_idempotence=True,
                                request_timeout_ms=10_000, retry_backoff_ms=200)
    await producer.start()
    sent: list[tuple[str, str, str]] = []  # reference, nomination id, category
    pending: set[asyncio.Task[None]] = set()

    async def send(topic: str, key: bytes, value: bytes, record: tuple[dict[str, str], str, str]) -> None:
        try:
            await asyncio.wait_for(producer.send_and_wait(topic, value, key=key), 30)
            record[0][record[1]] = record[2]
        except Exception:  # noqa: BLE001 - whatever kept the acknowledgement away, the audit counts a refusal
            acked.refused += 1

    start = time.monotonic()
    try:
        for index in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, start + index / rate - time.monotonic()))
            n = nomination(run, index, edition_id)
            category = json.loads(n.value)["data"]["category"]
            sent.append((n.reference, n.nomination_id, category))
            tasks = [send(f"{topic_prefix}nominations.submitted", n.key, n.value,
                          (acked.nominations, n.reference, n.nomination_id))]
            if index >= VOTE_LAG:
                _, target, target_category = sent[index - VOTE_LAG]
                voter = hashlib.sha256(f"{run}-{index}".encode()).hexdigest()
                key, value = vote(target, edition_id, target_category, voter)
                acked.votes_sent[voter] = target
                tasks.append(send(f"{topic_prefix}votes", key, value, (acked.votes, voter, target)))
            for task in tasks:
                pending.add(asyncio.create_task(task))
            pending = {t for t in pending if not t.done()}
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
