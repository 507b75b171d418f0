"""``make run``: the whole system on this machine, without Docker.

Starts the local Kafka and FerretDB, a mail sink that keeps staff email as .eml files, and the four
services as separate processes; prints where everything is; Ctrl-C stops it all and leaves nothing
running.
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
from pathlib import Path

from infra.demo_nominations import demo_events
from infra.demo_nominations import publish as publish_demo
from infra.demo_scoring import demo_evidence
from infra.demo_scoring import publish as publish_evidence
from infra.edition import publish as publish_edition
from infra.judges import publish as publish_judges
from infra.judges import read_panels
from infra.mail_sink import MailSink
from infra.stack import CACHE, LocalStack
from shared.edition import load_edition
from shared.runtime import DEFAULT_PORTS
from shared.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
MAIL_FOLDER = CACHE / "mail"
FIRST_EDITION = ROOT / "editions" / "2024-first.yaml"
# Only for the local demo; a deployment sets AWARDS_INTAKE_API_KEYS itself.
DEMO_INTAKE_KEY = "demo-intake-key"
DEMO_JUDGE, DEMO_JUDGE_KEY = "j-jo-01", "demo-judge-key"
DEMO_OPERATOR_KEY = "demo-operator-key"
PANELS = ROOT / "editions" / "2024-first-judges.yaml"
DEMO_COUNT = len(list(demo_events()))


def _stream(name: str, process: subprocess.Popen[bytes]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        sys.stdout.write(f"{name:>12} | {line.decode(errors='replace')}")


def _wait_ready(name: str, port: int, process: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{name} was not ready within {timeout_s:.0f}s")


def _subscribe_demo_coordinator() -> None:
    """The awards office (Arabic) is subscribed by default; add Egypt's coordinator, in English."""
    body = json.dumps({"id": "coordinator-eg", "name": "Egypt coordinator", "email": "coordinator.eg@socialgov.example",
                       "language": "en", "timezone": "Africa/Cairo", "countries": ["EG"]}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{DEFAULT_PORTS['notification']}/subscriptions/coordinator-eg", data=body, method="PUT",
        headers={"content-type": "application/json", "x-operator-key": DEMO_OPERATOR_KEY})
    with urllib.request.urlopen(request, timeout=10):
        pass


async def _load_first_edition(settings: Settings) -> None:
    await publish_edition(load_edition(FIRST_EDITION), settings)
    await publish_judges(read_panels(PANELS), settings)
    await publish_demo(list(demo_events()), settings)
    await publish_evidence(demo_evidence(), settings)


def main() -> int:
    stack = LocalStack.from_env()
    services: dict[str, subprocess.Popen[bytes]] = {}
    sink: MailSink | None = None
    stopping = threading.Event()
    for stop_signal in (signal.SIGINT, signal.SIGTERM):  # explicit: a background job ignores SIGINT
        signal.signal(stop_signal, lambda *_: stopping.set())
    try:
        stack.up()
        sink = MailSink(port=int(os.environ.get("AWARDS_SMTP_PORT", 1025)), folder=MAIL_FOLDER, keep=False).start()
        env = {"AWARDS_INTAKE_API_KEYS": json.dumps({"staff-demo": DEMO_INTAKE_KEY}),
               "AWARDS_JUDGE_API_KEYS": json.dumps({DEMO_JUDGE: DEMO_JUDGE_KEY}),
               "AWARDS_OPERATOR_API_KEYS": json.dumps({"demo-operator": DEMO_OPERATOR_KEY}),
               "AWARDS_VOTE_SECRET": secrets.token_hex(16), **os.environ,
               "AWARDS_KAFKA_BOOTSTRAP_SERVERS": stack.bootstrap_servers,
               "AWARDS_MONGODB_URI": stack.mongodb_uri, "AWARDS_SMTP_PORT": str(sink.port)}
        for name in DEFAULT_PORTS:
            services[name] = subprocess.Popen([sys.executable, "-m", f"services.{name}"], cwd=ROOT, env=env,
                                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            threading.Thread(target=_stream, args=(name, services[name]), daemon=True).start()
        for name, process in services.items():
            _wait_ready(name, DEFAULT_PORTS[name], process)
        settings = Settings(kafka_bootstrap_servers=stack.bootstrap_servers)
        _subscribe_demo_coordinator()
        asyncio.run(_load_first_edition(settings))
        print("\nSocial Government Awards is running:")
        for name, port in DEFAULT_PORTS.items():
            print(f"  {name:<13} http://127.0.0.1:{port}  (/healthz /readyz /metrics /asyncapi /docs)")
        print(f"  results API   http://127.0.0.1:{DEFAULT_PORTS['results']}/editions/2024-first/leaderboards "
              f"(finalise: POST …/editions/2024-first/finalise, X-Operator-Key: {DEMO_OPERATOR_KEY})")
        print(f"  Kafka         {stack.bootstrap_servers}    MongoDB protocol  {stack.mongodb_uri}")
        print(f"  staff email   {MAIL_FOLDER}/*.eml and *.html (SMTP sink on 127.0.0.1:{sink.port}); the "
              f"office in Arabic, Egypt's coordinator in English")
        key = "one of AWARDS_INTAKE_API_KEYS" if "AWARDS_INTAKE_API_KEYS" in os.environ else DEMO_INTAKE_KEY
        print(f"  HTTP intake   POST http://127.0.0.1:{DEFAULT_PORTS['nomination']}/nominations "
              f"(X-API-Key: {key})")
        print(f"  jury / votes  POST http://127.0.0.1:{DEFAULT_PORTS['scoring']}/scores (X-Judge-Key: "
              f"{DEMO_JUDGE_KEY} for {DEMO_JUDGE}), POST /votes, GET /progress")
        print(f"  demo data     edition 2024-first, its jury panels, {DEMO_COUNT} nominations, and their "
              f"jury scores, engagement snapshots and votes published")
        print("Ctrl-C stops everything.\n", flush=True)
        while not stopping.is_set() and all(p.poll() is None for p in services.values()):
            stopping.wait(1)
    finally:
        print("\nstopping ...", flush=True)
        for process in services.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in services.values():
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if sink is not None:
            sink.stop()
        stack.down()
    return 0


if __name__ == "__main__":
    sys.exit(main())
