"""``make run``: the whole system on this machine, without Docker.

Starts the local Kafka and FerretDB, Mailpit as the staff mailbox, and the four services as separate
processes; loads the first edition with its demo data; prints where everything is, last, and then one
line per nomination decided (the services' full logs are in .cache/logs/). Ctrl-C, SIGTERM or SIGHUP
stops it all and leaves nothing running, whatever stdout is connected to.
"""

import asyncio
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from infra.console import Console, Decisions, hangup_watch, keep_going_without_a_reader
from infra.demo_nominations import demo_events
from infra.demo_nominations import publish as publish_demo
from infra.demo_scoring import demo_evidence
from infra.demo_scoring import publish as publish_evidence
from infra.edition import publish as publish_edition
from infra.judges import publish as publish_judges
from infra.judges import read_panels
from infra.mailbox import Mailbox
from infra.run_summary import summary
from infra.screenings_feed import follow_screenings
from infra.stack import CACHE, LocalStack
from shared.edition import load_edition
from shared.settings import CommonSettings
from tools.system import DEFAULT_PORTS

ROOT = Path(__file__).resolve().parent.parent
LOGS = CACHE / "logs"
FIRST_EDITION = ROOT / "editions" / "2024-first.yaml"
# Only for the local demo; a deployment sets its own keys.
DEMO_INTAKE_KEY = "demo-intake-key"
DEMO_JUDGE, DEMO_JUDGE_KEY = "j-jo-01", "demo-judge-key"
DEMO_OPERATOR_KEY = "demo-operator-key"
PANELS = ROOT / "editions" / "2024-first-judges.yaml"
DEMO_COUNT = len(list(demo_events()))


def _wait_ready(name: str, port: int, process: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}; its log: {LOGS / (name + '.log')}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{name} was not ready within {timeout_s:.0f}s; its log: {LOGS / (name + '.log')}")


def _subscribe_demo_coordinator() -> None:
    """The awards office (Arabic) is subscribed by default; add Egypt's coordinator, in English."""
    body = json.dumps({"id": "coordinator-eg", "name": "Egypt coordinator", "email": "coordinator.eg@socialgov.example",
                       "language": "en", "timezone": "Africa/Cairo", "countries": ["EG"]}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{DEFAULT_PORTS['notification']}/subscriptions/coordinator-eg", data=body, method="PUT",
        headers={"content-type": "application/json", "x-operator-key": DEMO_OPERATOR_KEY})
    with urllib.request.urlopen(request, timeout=10):
        pass


async def _load_first_edition(settings: CommonSettings) -> None:
    await publish_edition(load_edition(FIRST_EDITION), settings)
    await publish_judges(read_panels(PANELS), settings)
    await publish_demo(list(demo_events()), settings)
    await publish_evidence(demo_evidence(), settings)


def _environment(stack: LocalStack, mailbox: Mailbox) -> dict[str, str]:
    return {"AWARDS_INTAKE_API_KEYS": json.dumps({"staff-demo": DEMO_INTAKE_KEY}),
            "AWARDS_JUDGE_API_KEYS": json.dumps({DEMO_JUDGE: DEMO_JUDGE_KEY}),
            "AWARDS_OPERATOR_API_KEYS": json.dumps({"demo-operator": DEMO_OPERATOR_KEY}),
            "AWARDS_VOTE_SECRET": secrets.token_hex(16), "AWARDS_SESSION_SECRET": secrets.token_hex(16),
            **os.environ,
            "AWARDS_KAFKA_BOOTSTRAP_SERVERS": stack.bootstrap_servers,
            "AWARDS_MONGODB_URI": stack.mongodb_uri, "AWARDS_SMTP_PORT": str(mailbox.smtp_port)}


def main() -> int:
    keep_going_without_a_reader()
    console, stopping = Console(), threading.Event()
    for stop_signal in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # SIGHUP: the terminal closed
        signal.signal(stop_signal, lambda *_: stopping.set())
    stack = LocalStack.from_env()
    mailbox = Mailbox.from_env(stack.run_dir)
    services: dict[str, subprocess.Popen[bytes]] = {}
    # What was started is stopped, last first, each even when an earlier stop failed.
    with ExitStack() as started:
        started.callback(stack.down)
        stack.up()
        started.callback(mailbox.stop)
        mailbox.start()
        started.callback(_stop_services, services)
        started.callback(console.say, "\nstopping ...")
        env = _environment(stack, mailbox)
        for name in DEFAULT_PORTS:
            services[name] = subprocess.Popen([sys.executable, "-m", f"services.{name}"], cwd=ROOT, env=env,
                                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                              start_new_session=True)  # Ctrl-C reaches them through us
            console.follow(name, services[name], LOGS / f"{name}.log")
        for name, process in services.items():
            _wait_ready(name, DEFAULT_PORTS[name], process)
        settings = CommonSettings(kafka_bootstrap_servers=stack.bootstrap_servers)
        decisions = Decisions(console)
        follow_screenings(settings, decisions, stopping)
        _subscribe_demo_coordinator()
        asyncio.run(_load_first_edition(settings))
        console.say(f"loading the demo: waiting for the screening of its {DEMO_COUNT} nominations ...")
        decisions.wait_for(DEMO_COUNT, timeout_s=60)
        console.say(summary(stack, mailbox, decisions.tally, DEMO_OPERATOR_KEY,
                            DEMO_INTAKE_KEY if "AWARDS_INTAKE_API_KEYS" not in os.environ else None,
                            DEMO_JUDGE, DEMO_JUDGE_KEY))
        decisions.loud = True
        hung_up = hangup_watch()
        while not stopping.is_set() and all(p.poll() is None for p in services.values()):
            if hung_up():
                stopping.set()
            stopping.wait(1)
    return 0


def _stop_services(services: dict[str, subprocess.Popen[bytes]]) -> None:
    for process in services.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in services.values():
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    sys.exit(main())
