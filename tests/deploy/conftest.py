"""The operators' path: docker-compose.yml as shipped, plus compose.local-images.yml (images built on
this machine, ports on 127.0.0.1), started with testcontainers' DockerCompose on a real Docker engine.

The tests then act only as outside parties do: Kafka on 127.0.0.1:9092, the services' HTTP ports,
Mailpit's API on 8025, and the `docker compose` CLI. The stack's settings come from an env file the
fixture writes (ENV_FILE), as an operator's .env would give them.
"""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from testcontainers.compose import DockerCompose

from infra import docker, local_images
from tests.docker_required import require_docker
from tests.infrastructure import uncaptured

ROOT = Path(__file__).resolve().parents[2]
FILES = ["docker-compose.yml", "compose.local-images.yml"]
PROJECT = "awards-deploy-tests"
OWNER = ROOT / ".cache" / "docker" / "deploy-tier.pid"  # the test process whose stack PROJECT is
PORTS = {"kafka": 9092, "nomination": 8001, "scoring": 8002, "notification": 8003, "results": 8004,
         "mailpit": 8025}
INTAKE_KEY = "deploy-intake-key"
OPERATOR_KEY = "deploy-operator-key"
STAFF = "office@awards.test"
FIRST_EDITION = ROOT / "editions" / "2024-first.yaml"
OPEN_EDITION = "deploy-open"  # the first edition's rules with every window open today


@dataclass
class Deployment:
    compose: DockerCompose
    env_file: Path
    seconds_to_healthy: float
    kafka: str = "127.0.0.1:9092"

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{PORTS[service]}"

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`docker compose` as an operator types it, on this project."""
        return subprocess.run([*self.compose.compose_command_property, *args], cwd=ROOT, capture_output=True,
                              text=True, check=True)

    def leftovers(self) -> dict[str, list[str]]:
        """The project's containers, networks and volumes that still exist."""
        label = f"label=com.docker.compose.project={PROJECT}"
        return {kind: subprocess.run(["docker", kind, "ls", "-q", *(["-a"] if kind == "container" else []),
                                      "--filter", label], capture_output=True, text=True).stdout.split()
                for kind in ("container", "network", "volume")}


def why_not_deployable() -> str | None:
    state = docker.status()
    if state["engine"] != "answers":
        return "no Docker engine answers (`make test` starts one: python -m infra.docker ensure)"
    if state["compose"] != "present":
        return "`docker compose` is missing (python -m infra.docker ensure builds it)"
    if state["local images"] != "current":
        return f"local images {state['local images']} (python -m infra.docker ensure)"
    return None


def why_owned_elsewhere() -> str | None:
    """Another live test process owns the project: its stack is not ours to take down."""
    owner = OWNER.read_text().strip() if OWNER.exists() else ""
    if owner and owner != str(os.getpid()) and Path(f"/proc/{owner}").exists():
        return f"another test run (pid {owner}) is using the compose project {PROJECT}"
    return None


def why_ports_taken() -> str | None:
    taken = [f"{name} ({port})" for name, port in PORTS.items() if _port_taken(port)]
    if taken:
        return f"ports on 127.0.0.1 already taken: {', '.join(taken)} (is `make run` or another stack up?)"
    return None


def _port_taken(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def host_tool(*argv: str) -> None:
    """One of the project's operator commands, run on the host against the published Kafka port."""
    subprocess.run([sys.executable, "-m", *argv], cwd=ROOT, check=True, capture_output=True, env={
        "PATH": "/usr/bin:/bin", "AWARDS_KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:9092"})


def _publish_open_edition(folder: Path) -> None:
    """As staff open a new edition: publish its file. The HTTP intake stamps submissions with the wall
    clock, and the first edition's intake closed in 2023."""
    now = datetime.now(UTC)
    window = {"opens": (now - timedelta(days=1)).isoformat(), "closes": (now + timedelta(days=1)).isoformat()}
    edition = yaml.safe_load(FIRST_EDITION.read_text()) | {
        "id": OPEN_EDITION, "windows": {"intake": window, "judging": window, "voting": window}}
    (folder / "open.yaml").write_text(yaml.safe_dump(edition, allow_unicode=True))
    host_tool("infra.edition", "publish", str(folder / "open.yaml"))


def _env_file(folder: Path) -> Path:
    path = folder / "deploy.env"
    path.write_text("\n".join([
        "MONGO_PASSWORD=deploy-tests-mongo-password",
        "AWARDS_VOTE_SECRET=deploy-tests-vote-secret-0123456789abcdef",
        f"AWARDS_INTAKE_API_KEYS={json.dumps({'deploy-portal': INTAKE_KEY})}",
        f"AWARDS_OPERATOR_API_KEYS={json.dumps({'deploy-operator': OPERATOR_KEY})}",
        f"AWARDS_STAFF_EMAILS={json.dumps([STAFF])}",
        "",
    ]))
    return path


@pytest.fixture(scope="package")
def deployment(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Deployment]:
    require_docker(why_not_deployable(), "the deploy tier")
    env_file = _env_file(tmp_path_factory.mktemp("deploy"))
    compose = DockerCompose(ROOT, compose_file_name=FILES, env_file=str(env_file), build=True, wait=True)
    require_docker(why_owned_elsewhere(), "the deploy tier")
    OWNER.parent.mkdir(parents=True, exist_ok=True)
    OWNER.write_text(str(os.getpid()))
    with pytest.MonkeyPatch.context() as environment:
        # Every `docker compose` run in this process, an operator's plain commands included, means
        # this stack: the files, settings and project an operator's .env would name.
        environment.setenv("COMPOSE_PROJECT_NAME", PROJECT)
        environment.setenv("COMPOSE_FILE", ":".join(str(ROOT / name) for name in FILES))
        environment.setenv("COMPOSE_ENV_FILES", str(env_file))
        environment.setenv("ENV_FILE", str(env_file))
        compose.stop(down=True)  # what an interrupted run left (dockerd restarts its containers)
        require_docker(why_ports_taken(), "the deploy tier")
        try:
            started = time.monotonic()
            _start(compose)
            healthy = time.monotonic() - started
            with uncaptured(request):
                print(f"\ncompose stack {PROJECT} built and healthy in {healthy:.0f} s "
                      f"({', '.join(image.tag for image in local_images.IMAGES)})", flush=True)
            _publish_open_edition(env_file.parent)
            yield Deployment(compose, env_file, healthy)
        finally:
            compose.stop(down=True)
            OWNER.unlink(missing_ok=True)


def _start(compose: DockerCompose) -> None:
    try:
        compose.start()
    except subprocess.CalledProcessError as failed:
        logs = subprocess.run([*compose.compose_command_property, "logs", "--tail", "40"], cwd=ROOT,
                              capture_output=True, text=True).stdout
        raise RuntimeError(f"`docker compose up` failed:\n{failed.stderr.decode()[-3000:]}\n"
                           f"last logs:\n{logs[-6000:]}") from None
