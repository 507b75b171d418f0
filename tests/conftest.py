import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from tests.infrastructure import Infrastructure, real_infrastructure, uncaptured
from tools.system import SystemSettings


@pytest.fixture(scope="session")
def infrastructure(request: pytest.FixtureRequest) -> Iterator[Infrastructure]:
    # Shown even when every test passes: the log must say what the suite really talked to.
    with ExitStack() as running:
        with uncaptured(request):
            found = running.enter_context(real_infrastructure())
            print(f"\nreal infrastructure: Kafka at {found.kafka_bootstrap_servers}, MongoDB protocol "
                  f"at {found.mongodb_uri} — via {found.how}", flush=True)
        try:
            yield found
        finally:
            with uncaptured(request):
                running.close()


def isolated_settings(found: Infrastructure, **overrides: object) -> SystemSettings:
    """Every service's settings, with a topic prefix and database prefix of their own, so tests never see
    each other's events or documents."""
    run = uuid.uuid4().hex[:8]
    values: dict[str, Any] = {
        "kafka_bootstrap_servers": found.kafka_bootstrap_servers,
        "mongodb_uri": found.mongodb_uri,
        "topic_prefix": f"t{run}.",
        "database_prefix": f"t{run}_",
        "retry_initial_backoff_s": 0.05,
        "retry_max_backoff_s": 0.5,
        "vote_secret": f"test-secret-{run}",
    }
    values.update(overrides)
    return SystemSettings(**values)


@pytest.fixture
async def mongo_client(infrastructure: Infrastructure) -> AsyncIterator[AsyncMongoClient]:
    client: AsyncMongoClient = AsyncMongoClient(infrastructure.mongodb_uri, tz_aware=True)
    yield client
    await client.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        tier = item.path.parent.name
        if tier in ("integration", "e2e", "deploy"):
            item.add_marker(getattr(pytest.mark, tier))
