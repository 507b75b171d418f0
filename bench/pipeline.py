"""The four services as real processes, on topics and databases of their own, for one measurement.

Each measurement gets a fresh topic prefix and database prefix, so every run starts from an empty read
model (the server's cost per write grows with the collection) and no run sees another's events.
"""

import asyncio
import secrets
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pymongo import AsyncMongoClient

from infra.edition import publish as publish_edition
from infra.judges import publish as publish_judges
from infra.judges import read_panels
from infra.topics import ensure_topics
from shared.edition import Edition, Window, Windows, load_edition
from tests.e2e.processes import ROOT, ServiceProcess, free_port
from tools.system import SystemSettings

from .kafka_tools import delete_topics_with_prefix

SERVICES = ("nomination", "scoring", "notification", "results")
EDITIONS = Path(__file__).resolve().parent.parent / "editions"
FIRST_EDITION = EDITIONS / "2024-first.yaml"
PANELS = EDITIONS / "2024-first-judges.yaml"
BENCH_EDITION = "bench-open"
OPERATOR_KEY = secrets.token_hex(8)


@dataclass(frozen=True)
class Endpoints:
    """Where Kafka and the MongoDB-protocol server answer."""

    kafka_bootstrap_servers: str
    mongodb_uri: str


@dataclass
class RunningPipeline:
    run: str
    settings: SystemSettings
    edition: Edition
    services: dict[str, ServiceProcess]
    mail_sink_pid: int | None = None  # the mailbox's process when the pipeline started one

    @property
    def pids(self) -> dict[str, int]:
        return {name: service.process.pid for name, service in self.services.items() if service.process}

    def topic(self, name: str) -> str:
        return self.settings.topic(name)

    def group(self, service: str) -> str:
        return self.settings.consumer_group(service)


def open_edition() -> Edition:
    """The first edition's rules under the bench's id with every window open now (as the e2e suite's
    ``open_edition``): nominations stamped with the wall clock are inside the intake window."""
    now = datetime.now(UTC)
    window = Window(opens=now - timedelta(days=1), closes=now + timedelta(days=1))
    return load_edition(FIRST_EDITION).model_copy(
        update={"id": BENCH_EDITION, "windows": Windows(intake=window, judging=window, voting=window)})


def settings_for(endpoints: Endpoints, run: str, smtp_port: int) -> SystemSettings:
    """The services' documented defaults, on this run's own topics, databases and mail sink."""
    return SystemSettings(kafka_bootstrap_servers=endpoints.kafka_bootstrap_servers, mongodb_uri=endpoints.mongodb_uri,
                    topic_prefix=f"bench{run}.", database_prefix=f"bench{run}_",
                    vote_secret=secrets.token_hex(16), operator_api_keys={"bench": OPERATOR_KEY},
                    smtp_port=smtp_port, staff_emails=["office@bench.example"])


def start_mail_sink(port: int) -> subprocess.Popen[bytes]:
    """The staff mailbox, in a process of its own so its work never shares the bench's event loop; it
    counts messages without parsing or saving them (nothing reads them)."""
    return subprocess.Popen([sys.executable, "-m", "infra.mail_sink", "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@asynccontextmanager
async def running_pipeline(endpoints: Endpoints, log_dir: Path, smtp_port: int | None = None,
                           **overrides: object) -> AsyncIterator[RunningPipeline]:
    """``smtp_port``: a mail server of the caller's (by default one is started in a process of its own);
    ``overrides``: settings that differ from the bench's."""
    run = uuid.uuid4().hex[:8]
    mail_sink = None
    if smtp_port is None:
        smtp_port = free_port()
        mail_sink = start_mail_sink(smtp_port)
    settings = SystemSettings(**{**settings_for(endpoints, run, smtp_port).model_dump(), **overrides})
    edition = open_edition()
    services = {name: ServiceProcess(name, settings, log_dir) for name in SERVICES}
    try:
        await ensure_topics(settings.bootstrap_servers, settings.topic_prefix)
        await publish_edition(edition, settings)
        await publish_judges([j.model_copy(update={"edition_id": edition.id}) for j in read_panels(PANELS)],
                             settings)
        for service in services.values():
            service.start()
        for service in services.values():
            await asyncio.to_thread(service.wait_ready)
        yield RunningPipeline(run, settings, edition, services, mail_sink.pid if mail_sink else None)
    finally:
        for service in services.values():
            await asyncio.to_thread(service.terminate)
        if mail_sink is not None:
            mail_sink.terminate()
            mail_sink.wait(10)
        await forget(endpoints, settings)


async def forget(endpoints: Endpoints, settings: SystemSettings) -> None:
    """Drops the run's databases and topics: the next run starts as empty as this one did."""
    client: AsyncMongoClient = AsyncMongoClient(endpoints.mongodb_uri, timeoutMS=120_000)
    try:
        for service in SERVICES:
            await client.drop_database(settings.database_name(service))
    finally:
        await client.close()
    await delete_topics_with_prefix(endpoints.kafka_bootstrap_servers, settings.topic_prefix)
