"""Operators' tool for dead letters: list them, show one, replay chosen ones to their source topic.

    python -m infra.dead_letters list [--topic nominations.submitted]
    python -m infra.dead_letters show nominations.submitted 0:41
    python -m infra.dead_letters replay nominations.submitted 0:41 0:42 | --all

A replayed event goes back to its source topic with its original key, bytes and headers (the x-dlq-*
headers dropped, ``x-awards-replayed-from`` added) and is processed exactly like a new one: still
unreadable, it is dead-lettered again; already applied, it changes nothing (every consumer is
idempotent). Topics are named without the deployment's prefix; settings come from AWARDS_* as for the
services."""

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from shared import topics
from shared.kafka_security import client_options
from shared.settings import CommonSettings

REPLAYED_FROM = "x-awards-replayed-from"


@dataclass(frozen=True)
class DeadLetter:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: dict[str, str]
    raw_headers: list[tuple[str, bytes]]

    @property
    def position(self) -> str:
        return f"{self.partition}:{self.offset}"

    def summary(self) -> dict[str, Any]:
        h = self.headers
        return {"topic": self.topic, "position": self.position, "time": h.get("x-dlq-time"),
                "service": h.get("x-dlq-service"), "attempts": h.get("x-dlq-attempts"),
                "error": h.get("x-dlq-error-type", "?") + ": " + h.get("x-dlq-error", "?")[:200],
                "bytes": len(self.value)}


async def read(settings: CommonSettings, topic: str) -> list[DeadLetter]:
    """Every dead letter of ``topic`` (unprefixed source topic name), oldest first."""
    name = settings.topic(topic) + topics.DEAD_LETTER_SUFFIX
    admin = AIOKafkaAdminClient(**client_options(settings))
    consumer = AIOKafkaConsumer(**client_options(settings), enable_auto_commit=False)
    await admin.start()
    await consumer.start()
    try:
        (described,) = await admin.describe_topics([name])
        partitions = [TopicPartition(name, p["partition"]) for p in described["partitions"]]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        letters: list[DeadLetter] = []
        while [p for p in partitions if await consumer.position(p) < ends[p]]:
            for batch in (await consumer.getmany(timeout_ms=1000)).values():
                letters += [DeadLetter(topic, r.partition, r.offset, r.key, r.value,
                                       {k: v.decode("utf-8", "replace") for k, v in r.headers or ()},
                                       list(r.headers or ())) for r in batch]
        return sorted(letters, key=lambda d: (d.partition, d.offset))
    finally:
        await consumer.stop()
        await admin.close()


async def replay(settings: CommonSettings, letters: list[DeadLetter]) -> int:
    producer = AIOKafkaProducer(**client_options(settings), acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for letter in letters:
            headers = [(k, v) for k, v in letter.raw_headers if not k.startswith("x-dlq-") and k != REPLAYED_FROM]
            headers.append((REPLAYED_FROM, f"{letter.topic}{topics.DEAD_LETTER_SUFFIX}/{letter.position}".encode()))
            await producer.send_and_wait(settings.topic(letter.topic), letter.value, key=letter.key, headers=headers)
        return len(letters)
    finally:
        await producer.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="List, show and replay dead letters.")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list")
    listing.add_argument("--topic", choices=[t.name for t in topics.ALL])
    show = commands.add_parser("show")
    show.add_argument("topic", choices=[t.name for t in topics.ALL])
    show.add_argument("position", help="partition:offset in the dead-letter topic")
    again = commands.add_parser("replay")
    again.add_argument("topic", choices=[t.name for t in topics.ALL])
    again.add_argument("positions", nargs="*", help="partition:offset in the dead-letter topic")
    again.add_argument("--all", action="store_true", help="every dead letter of the topic")
    args = parser.parse_args(argv)
    settings = CommonSettings()
    if args.command == "list":
        for topic in [args.topic] if args.topic else [t.name for t in topics.ALL]:
            for letter in asyncio.run(read(settings, topic)):
                print(json.dumps(letter.summary(), ensure_ascii=False))
        return 0
    letters = {letter.position: letter for letter in asyncio.run(read(settings, args.topic))}
    wanted = list(letters) if getattr(args, "all", False) else ([args.position] if args.command == "show"
                                                                else args.positions)
    if missing := [p for p in wanted if p not in letters]:
        print(f"no dead letter at {', '.join(missing)} of {args.topic}{topics.DEAD_LETTER_SUFFIX}", file=sys.stderr)
        return 2
    if args.command == "show":
        letter = letters[args.position]
        print(json.dumps({**letter.summary(), "key": (letter.key or b"").decode("utf-8", "replace"),
                          "headers": letter.headers, "value": letter.value.decode("utf-8", "replace")},
                         ensure_ascii=False, indent=2))
        return 0
    if not wanted:
        print("name positions to replay, or --all", file=sys.stderr)
        return 2
    count = asyncio.run(replay(settings, [letters[p] for p in wanted]))
    print(f"replayed {count} dead letter(s) to {settings.topic(args.topic)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
