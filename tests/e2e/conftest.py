import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from infra.edition import publish as publish_edition
from infra.judges import publish as publish_judges
from infra.judges import read_panels
from infra.mail_sink import MailSink
from infra.topics import ensure_topics
from shared.edition import Edition, Window, Windows, load_edition
from tests.conftest import isolated_settings
from tests.e2e.mailpit import MailpitInbox
from tests.e2e.processes import ServiceProcess
from tests.infrastructure import Infrastructure
from tools.system import SystemSettings

SERVICES = ("nomination", "scoring", "notification", "results")
FIRST_EDITION = Path(__file__).resolve().parents[2] / "editions" / "2024-first.yaml"
OPEN_EDITION = "e2e-open"
PANELS = FIRST_EDITION.with_name("2024-first-judges.yaml")
JUDGE_IDS = [judge.judge_id for judge in read_panels(PANELS)]
INTAKE_KEY_NAME, INTAKE_KEY = "e2e-portal", "e2e-secret-key"
OPERATOR_KEY = "e2e-operator-key"
WEBHOOK_SECRET = "e2e-webhook-secret"


@dataclass
class Pipeline:
    settings: SystemSettings
    services: dict[str, ServiceProcess]
    mail: MailpitInbox | MailSink


def open_edition() -> Edition:
    """The first edition's rules under another id, with its windows open now: the HTTP intake stamps
    submissions with the wall clock, and the real first edition closed its intake in 2023."""
    now = datetime.now(UTC)
    window = Window(opens=now - timedelta(days=1), closes=now + timedelta(days=1))
    first = load_edition(FIRST_EDITION)
    return first.model_copy(update={"id": OPEN_EDITION,
                                    "windows": Windows(intake=window, judging=window, voting=window)})


@pytest.fixture(scope="module")
def mail_sink(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MailpitInbox]:
    """Mailpit, read through its API (a module may override this fixture with a MailSink of its own
    that misbehaves on purpose)."""
    inbox = MailpitInbox(tmp_path_factory.mktemp("mailpit")).start()
    yield inbox
    inbox.stop()


@pytest.fixture(scope="module")
async def pipeline(infrastructure: Infrastructure, mail_sink: MailpitInbox | MailSink,
                   tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> AsyncIterator[Pipeline]:
    """All four services; a test module may set ``SETTINGS`` (a dict) to change some settings."""
    settings = isolated_settings(infrastructure, **{
        "smtp_port": mail_sink.port, "staff_emails": ["office@awards.test"],
        "intake_api_keys": {INTAKE_KEY_NAME: INTAKE_KEY},
        "judge_api_keys": {judge: f"key-{judge}" for judge in JUDGE_IDS},
        "operator_api_keys": {"e2e-operator": OPERATOR_KEY}, "webhook_secret": WEBHOOK_SECRET,
        "delivery_retry_base_s": 0.5, "standings_interval_s": 0.2, "boards_interval_s": 0.2,
        **getattr(request.module, "SETTINGS", {})})
    await ensure_topics(settings.bootstrap_servers, settings.topic_prefix)
    await publish_edition(load_edition(FIRST_EDITION), settings)
    await publish_edition(open_edition(), settings)
    await publish_judges(read_panels(PANELS), settings)
    logs = Path(tmp_path_factory.mktemp("service-logs"))
    services = {name: ServiceProcess(name, settings, logs).start() for name in SERVICES}
    try:
        for service in services.values():
            await asyncio.to_thread(service.wait_ready)
        yield Pipeline(settings, services, mail_sink)
    finally:
        for service in services.values():
            await asyncio.to_thread(service.terminate)
    # uvicorn re-raises SIGTERM after its graceful shutdown, so the exit status is the signal's; the
    # proof of a clean stop is the lifespan's last word, logged after the broker committed and closed.
    unclean = [name for name, s in services.items() if f"{name} service stopped" not in s.log.read_text()]
    assert not unclean, f"no graceful shutdown of {unclean}"
