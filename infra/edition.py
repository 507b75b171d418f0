"""Operator command for edition files.

    python -m infra.edition validate editions/2024-first.yaml
    python -m infra.edition publish  editions/2024-first.yaml

``validate`` names every error with its path in the file. ``publish`` validates, then publishes the
edition as an ``edition.published`` event (keyed by the edition id) that every service consumes; the
same file published twice yields the same event id, so a repeat is harmless.
"""

import asyncio
import hashlib
import sys
from datetime import UTC, datetime
from pathlib import Path

import yaml
from aiokafka import AIOKafkaProducer
from pydantic import ValidationError

from shared import topics
from shared.edition import Edition, load_edition
from shared.events.envelope import CONTENT_TYPE, derived_id, new_event
from shared.events.lifecycle import EditionPublished, EditionPublishedEvent
from shared.kafka_security import client_options
from shared.settings import CommonSettings

SOURCE = "urn:socialgov:awards:operator"


class InvalidEdition(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def read(path: Path) -> Edition:
    try:
        return load_edition(path)
    except (OSError, yaml.YAMLError) as error:
        raise InvalidEdition([f"{path}: {error}"]) from error
    except ValidationError as error:
        raise InvalidEdition([f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}"
                              for e in error.errors()]) from error


def publication(edition: Edition, at: datetime | None = None) -> EditionPublishedEvent:
    content = edition.model_dump_json().encode()
    return new_event(EditionPublishedEvent, EditionPublished(edition_id=edition.id, edition=edition),
                     id=derived_id("edition", edition.id, hashlib.sha256(content).hexdigest()),
                     source=SOURCE, time=at or datetime.now(UTC), subject=edition.id)


async def publish(edition: Edition, settings: CommonSettings) -> EditionPublishedEvent:
    event = publication(edition)
    producer = AIOKafkaProducer(**client_options(settings), acks="all",
                                enable_idempotence=True)
    await producer.start()
    try:
        await producer.send_and_wait(settings.topic(topics.EDITIONS.name),
                                     event.model_dump_json(exclude_none=True).encode(),
                                     key=edition.id.encode(),
                                     headers=[("content-type", CONTENT_TYPE.encode())])
    finally:
        await producer.stop()
    return event


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in ("validate", "publish"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        edition = read(Path(argv[2]))
    except InvalidEdition as invalid:
        print(f"{argv[2]} is not a valid edition ({len(invalid.problems)} problem(s)):", file=sys.stderr)
        for problem in invalid.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    if argv[1] == "validate":
        print(f"{argv[2]}: edition {edition.id} is valid ({len(edition.countries)} countries, "
              f"{len(edition.categories)} categories)")
        return 0
    event = asyncio.run(publish(edition, CommonSettings()))
    print(f"published edition {edition.id} as event {event.id}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
