"""Operator command for jury panels: publishes each judge of a panels file as ``judge.registered`` on
the ``judging.panel`` topic (kept forever), which the scoring service follows.

    python -m infra.judges publish editions/2024-first-judges.yaml
"""

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

import yaml
from aiokafka import AIOKafkaProducer

from shared import topics
from shared.events.envelope import CONTENT_TYPE, derived_id, new_event
from shared.events.scoring import JudgeRegistered, JudgeRegisteredEvent
from shared.kafka_security import client_options
from shared.settings import CommonSettings

SOURCE = "urn:socialgov:awards:operator"


def read_panels(path: Path) -> list[JudgeRegistered]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [JudgeRegistered.model_validate({"edition_id": raw["edition_id"], **judge}) for judge in raw["judges"]]


def registrations(judges: list[JudgeRegistered], at: datetime | None = None) -> list[JudgeRegisteredEvent]:
    moment = at or datetime.now(UTC)
    return [new_event(JudgeRegisteredEvent, judge, source=SOURCE, time=moment, subject=judge.judge_id,
                      id=derived_id("judge", judge.model_dump_json()))
            for judge in judges]


async def publish(judges: list[JudgeRegistered], settings: CommonSettings) -> None:
    producer = AIOKafkaProducer(**client_options(settings), acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for event in registrations(judges):
            await producer.send_and_wait(settings.topic(topics.JUDGING_PANEL.name),
                                         event.model_dump_json(exclude_none=True).encode(),
                                         key=event.data.judge_id.encode(),
                                         headers=[("content-type", CONTENT_TYPE.encode())])
    finally:
        await producer.stop()


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] != "publish":
        print(__doc__, file=sys.stderr)
        return 2
    judges = read_panels(Path(argv[2]))
    asyncio.run(publish(judges, CommonSettings()))
    print(f"published {len(judges)} judges")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
