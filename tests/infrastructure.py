"""Finds the real Kafka and MongoDB-protocol server the tests talk to, in this order:

1. ``KAFKA_BOOTSTRAP_SERVERS`` and ``MONGODB_URI`` from the environment;
2. with ``TEST_INFRASTRUCTURE=containers``: testcontainers, from images on this machine (the ones
   ``python -m infra.docker ensure`` builds, or ``TEST_KAFKA_IMAGE`` / ``TEST_MONGO_IMAGE``); when no
   engine answers or an image is missing, the local launcher, saying why;
3. the project's own local launcher (Kafka from Maven jars, FerretDB from its Go module), on ports of
   its own so it never collides with ``make run``: the fast default.

The testcontainers path lives in tests/containers.py.
"""

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import pytest
from _pytest.capture import CaptureManager

from infra.stack import CACHE, LocalStack, kafka_version


@dataclass(frozen=True)
class Infrastructure:
    kafka_bootstrap_servers: str
    mongodb_uri: str
    how: str


def uncaptured(request: pytest.FixtureRequest) -> AbstractContextManager[None]:
    """Pytest's output capture paused, so what a fixture prints reaches the terminal even when tests pass."""
    capture: CaptureManager | None = request.config.pluginmanager.get_plugin("capturemanager")
    return capture.global_and_fixture_disabled() if capture is not None else nullcontext()


@contextmanager
def real_infrastructure() -> Iterator[Infrastructure]:
    kafka, mongo = os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), os.environ.get("MONGODB_URI")
    if kafka and mongo:
        yield Infrastructure(kafka, mongo, "environment")
        return
    if os.environ.get("TEST_INFRASTRUCTURE") == "containers":
        from tests.containers import containers, why_not_containers
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
