"""Finds the real Kafka and MongoDB-protocol server the tests talk to, in this order:

1. ``KAFKA_BOOTSTRAP_SERVERS`` and ``MONGODB_URI`` from the environment;
2. with ``TEST_INFRASTRUCTURE=containers``: testcontainers, from images on this machine (the ones
   ``python -m infra.docker ensure`` builds, or ``TEST_KAFKA_IMAGE`` / ``TEST_MONGO_IMAGE``); when no
   engine answers or an image is missing, the local launcher, saying why;
3. the project's own local launcher (Kafka from Maven jars, FerretDB from its Go module), on ports of
   its own so it never collides with ``make run``: the fast default.

Nothing is pulled from a registry: no registry may be reachable. Testcontainers' reaper (Ryuk) is an
image too, so it is off; the containers are removed when their context ends, and any an interrupted
run left behind (labelled ``org.socialgov.awards.tests``) are removed before new ones start.
"""

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from infra.stack import CACHE, LocalStack, kafka_version

LABEL = "org.socialgov.awards.tests"


@dataclass(frozen=True)
class Infrastructure:
    kafka_bootstrap_servers: str
    mongodb_uri: str
    how: str


def container_images() -> tuple[str, str]:
    from infra import local_images
    return (os.environ.get("TEST_KAFKA_IMAGE", local_images.KAFKA),
            os.environ.get("TEST_MONGO_IMAGE", local_images.FERRETDB))


def why_not_containers() -> str | None:
    """None when testcontainers can start the infrastructure here, else the reason it cannot."""
    from infra import docker, local_images
    if not docker.engine_answers():
        return "no Docker engine answers (python -m infra.docker ensure starts one)"
    missing = [image for image in container_images() if not local_images.image_id(image)]
    if missing:
        return f"image(s) {', '.join(missing)} not on this machine (python -m infra.docker ensure builds them)"
    return None


@contextmanager
def real_infrastructure() -> Iterator[Infrastructure]:
    kafka, mongo = os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), os.environ.get("MONGODB_URI")
    if kafka and mongo:
        yield Infrastructure(kafka, mongo, "environment")
        return
    if os.environ.get("TEST_INFRASTRUCTURE") == "containers":
        reason = why_not_containers()
        if reason is None:
            with containers() as found:
                yield found
            return
        print(f"\nTEST_INFRASTRUCTURE=containers, but {reason}: using the local launcher", flush=True)
    with _local_stack() as found:
        yield found


@contextmanager
def _local_stack() -> Iterator[Infrastructure]:
    stack = LocalStack(
        kafka_port=int(os.environ.get("TEST_KAFKA_PORT", 19092)),
        mongo_port=int(os.environ.get("TEST_MONGO_PORT", 27117)),
        run_dir=Path(os.environ.get("TEST_STACK_DIR", CACHE / "test-stack")),
        topic_prefix="awards.",
    )
    stack.empty_unless_running()  # a kept stack (TEST_KEEP_STACK) is reused as it is
    try:
        stack.up()
        yield Infrastructure(stack.bootstrap_servers, stack.mongodb_uri,
                             f"local launcher (Kafka {kafka_version()} from Maven jars, FerretDB)")
    finally:
        if not os.environ.get("TEST_KEEP_STACK"):
            stack.down()


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
    kafka_port, mongo_port = _free_port(), _free_port()
    kafka = (
        DockerContainer(kafka_image)
        .with_kwargs(labels={LABEL: "kafka"})
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
        .with_kwargs(labels={LABEL: "mongo"})
        .with_env("MONGO_INITDB_ROOT_USERNAME", "awards")
        .with_env("MONGO_INITDB_ROOT_PASSWORD", "tests")
    )
    # docker-py's (address, port) form: with_bind_ports would publish on every interface.
    kafka.ports["9092/tcp"] = ("127.0.0.1", kafka_port)  # type: ignore[assignment]
    mongo.ports["27017/tcp"] = ("127.0.0.1", mongo_port)  # type: ignore[assignment]
    with kafka, mongo:
        uri = f"mongodb://awards:tests@127.0.0.1:{mongo_port}/?authSource=admin"
        _wait_for_mongo(uri)
        yield Infrastructure(f"127.0.0.1:{kafka_port}", uri,
                             f"testcontainers ({kafka_image}, {mongo_image}; ports on 127.0.0.1)")


def _wait_for_mongo(uri: str, timeout_s: float = 60) -> None:
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    deadline = time.monotonic() + timeout_s
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
    left = subprocess.run(["docker", "ps", "-aq", "--filter", f"label={LABEL}"], capture_output=True, text=True)
    if left.stdout.split():
        subprocess.run(["docker", "rm", "-f", "-v", *left.stdout.split()], capture_output=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
