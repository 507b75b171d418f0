"""Kafka and the MongoDB-protocol server in containers, for the tests that run on testcontainers.

Nothing is pulled: no registry may be reachable, so the images are the ones ``python -m infra.docker
ensure`` builds here (or ``TEST_KAFKA_IMAGE`` / ``TEST_MONGO_IMAGE``). Testcontainers' reaper (Ryuk)
is an image too, so it is off: the containers are removed when their context ends, and the ones an
interrupted run left (labelled with the pid of the test process that made them, now dead) before new
ones start. Ports are published on 127.0.0.1 only.
"""

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.e2e.processes import free_port
from tests.infrastructure import Infrastructure

LABEL = "org.socialgov.awards.tests.owner"  # the pid of the test process that started the container


def container_images() -> tuple[str, str]:
    from infra import local_images
    return (os.environ.get("TEST_KAFKA_IMAGE", local_images.KAFKA),
            os.environ.get("TEST_MONGO_IMAGE", local_images.FERRETDB))


def why_not_containers() -> str | None:
    """None when testcontainers can start the infrastructure here, else the reason it cannot."""
    from infra import docker, local_images
    if not docker.engine_answers():
        return "no Docker engine answers (python -m infra.docker ensure starts one)"
    stale = [image for image in container_images() if image in local_images.not_current()]
    if stale:
        return f"image(s) {', '.join(stale)} not built or not current (python -m infra.docker ensure)"
    return None


@contextmanager
def containers() -> Iterator[Infrastructure]:
    """Kafka (KRaft) and the MongoDB-protocol server (with a root user, as compose runs it) in
    containers whose ports are published on 127.0.0.1 only."""
    from testcontainers.core.config import testcontainers_config
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.wait_strategies import LogMessageWaitStrategy

    testcontainers_config.ryuk_disabled = True
    _remove_leftover_containers()
    kafka_image, mongo_image = container_images()
    kafka_port, mongo_port = free_port(), free_port()
    kafka = (
        DockerContainer(kafka_image)
        .with_kwargs(labels={LABEL: str(os.getpid())})
        .with_env("KAFKA_NODE_ID", "1")
        .with_env("KAFKA_PROCESS_ROLES", "broker,controller")
        .with_env("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093")
        .with_env("KAFKA_ADVERTISED_LISTENERS", f"PLAINTEXT://127.0.0.1:{kafka_port}")
        .with_env("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
        .with_env("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT")
        .with_env("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093")
        .with_env("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
        .with_env("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
        .with_env("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
        .with_env("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
        .with_env("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
        .with_env("KAFKA_NUM_PARTITIONS", "3")
        .waiting_for(LogMessageWaitStrategy("Kafka Server started").with_startup_timeout(120))
    )
    mongo = (
        DockerContainer(mongo_image)
        .with_kwargs(labels={LABEL: str(os.getpid())})
        .with_env("MONGO_INITDB_ROOT_USERNAME", "awards")
        .with_env("MONGO_INITDB_ROOT_PASSWORD", "tests")
    )
    # docker-py's (address, port) form: with_bind_ports would publish on every interface.
    kafka.ports["9092/tcp"] = ("127.0.0.1", kafka_port)  # type: ignore[assignment]  # annotated as a port only
    mongo.ports["27017/tcp"] = ("127.0.0.1", mongo_port)  # type: ignore[assignment]  # annotated as a port only
    with kafka, mongo:
        uri = f"mongodb://awards:tests@127.0.0.1:{mongo_port}/?authSource=admin"
        _wait_for_mongo(uri)
        yield Infrastructure(f"127.0.0.1:{kafka_port}", uri,
                             f"testcontainers ({kafka_image}, {mongo_image}; ports on 127.0.0.1)")


def _wait_for_mongo(uri: str, timeout_s: float = 60) -> None:
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    deadline = time.monotonic() + timeout_s
    client: MongoClient[dict[str, Any]]
    with MongoClient(uri, serverSelectionTimeoutMS=1000) as client:
        while True:
            try:
                client.admin.command("ping")
                return
            except PyMongoError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)


def _remove_leftover_containers() -> None:
    """Containers of test processes that no longer run; a running suite's are left alone."""
    listed = subprocess.run(["docker", "ps", "-a", "--filter", f"label={LABEL}", "--format",
                             f'{{{{.ID}}}} {{{{.Label "{LABEL}"}}}}'], capture_output=True, text=True)
    orphans = [line.split()[0] for line in listed.stdout.splitlines()
               if len(line.split()) == 2 and not os.path.exists(f"/proc/{line.split()[1]}")]
    if orphans:
        subprocess.run(["docker", "rm", "-f", "-v", *orphans], capture_output=True)
