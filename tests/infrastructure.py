"""Finds the real Kafka and MongoDB-protocol server the tests talk to, in this order:

1. ``KAFKA_BOOTSTRAP_SERVERS`` and ``MONGODB_URI`` from the environment;
2. testcontainers (``apache/kafka`` in KRaft mode and ``mongo``) when a Docker engine answers;
3. the project's own local launcher (Kafka from Maven jars, FerretDB from its Go module), on ports of
   its own so it never collides with ``make run``.
"""

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from infra.stack import CACHE, LocalStack, kafka_version

MONGO_IMAGE = "mongo:8.0"


@dataclass(frozen=True)
class Infrastructure:
    kafka_bootstrap_servers: str
    mongodb_uri: str
    how: str


def docker_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@contextmanager
def real_infrastructure() -> Iterator[Infrastructure]:
    kafka, mongo = os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), os.environ.get("MONGODB_URI")
    if kafka and mongo:
        yield Infrastructure(kafka, mongo, "environment")
    elif docker_answers():
        with _containers() as found:
            yield found
    else:
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
def _containers() -> Iterator[Infrastructure]:
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.waiting_utils import wait_for_logs
    from testcontainers.community.mongodb import MongoDbContainer

    port = _free_port()
    kafka = (
        DockerContainer(f"apache/kafka:{kafka_version()}")
        .with_bind_ports(9092, port)
        .with_env("KAFKA_NODE_ID", "1")
        .with_env("KAFKA_PROCESS_ROLES", "broker,controller")
        .with_env("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093")
        .with_env("KAFKA_ADVERTISED_LISTENERS", f"PLAINTEXT://127.0.0.1:{port}")
        .with_env("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
        .with_env("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT")
        .with_env("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093")
        .with_env("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
        .with_env("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
        .with_env("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
        .with_env("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
        .with_env("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
    )
    with kafka, MongoDbContainer(MONGO_IMAGE) as mongo:
        wait_for_logs(kafka, "Kafka Server started", timeout=120)
        yield Infrastructure(f"127.0.0.1:{port}", mongo.get_connection_url(),
                             f"testcontainers (apache/kafka:{kafka_version()}, {MONGO_IMAGE})")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
