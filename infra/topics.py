"""Creates every topic of the registry (and its dead-letter topic) with its partition count.

Used by the local launcher, by the compose one-shot job (``python -m infra.topics``) and by tests.
Creating a topic that exists is not an error, so this is safe to run on every start.

Replication follows the cluster: one copy on a single broker; three on a cluster of three or more, with
``min.insync.replicas=2``, so an event acknowledged to an ``acks=all`` producer is on two brokers at
least, and the cluster keeps accepting writes with one broker down and refuses them (NotEnoughReplicas)
with two down rather than keep a single copy.
"""

import asyncio
import contextlib
import sys
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import (
    KafkaConnectionError,
    KafkaTimeoutError,
    NodeNotReadyError,
    TopicAlreadyExistsError,
)

from shared.kafka_security import client_options
from shared.settings import CommonSettings
from shared.topics import with_dead_letters

MAX_REPLICATION = 3


def replication_for(brokers: int) -> tuple[int, dict[str, str]]:
    """The replication factor and the topic configuration it comes with on a cluster of ``brokers``."""
    replication = min(MAX_REPLICATION, brokers)
    return replication, ({"min.insync.replicas": "2"} if replication == MAX_REPLICATION else {})


async def ensure_topics(bootstrap_servers: list[str], prefix: str, brokers: int | None = None,
                        timeout_s: float = 60.0, security: dict[str, Any] | None = None) -> list[str]:
    """Creates what is missing; waits (up to ``timeout_s``) for a broker that has just opened its
    port but does not serve metadata yet. ``brokers``: the cluster's size the topics are replicated
    for (``replication_for``); by default, the brokers it has now. ``security``: TLS/SASL options of
    ``client_options``."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        try:
            return await _ensure_topics(bootstrap_servers, prefix, brokers, security or {})
        except (KafkaConnectionError, NodeNotReadyError, KafkaTimeoutError):
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.5)


async def _ensure_topics(bootstrap_servers: list[str], prefix: str, brokers: int | None,
                         security: dict[str, Any]) -> list[str]:
    admin = AIOKafkaAdminClient(**{**security, "bootstrap_servers": bootstrap_servers}, request_timeout_ms=30_000)
    await admin.start()
    try:
        if brokers is None:
            brokers = len((await admin.describe_cluster())["brokers"])
        copies, replicated = replication_for(brokers)
        existing = set(await admin.list_topics())
        wanted = [NewTopic(prefix + name, partitions, copies, topic_configs={**config, **replicated})
                  for name, partitions, config in with_dead_letters() if prefix + name not in existing]
        if wanted:
            with contextlib.suppress(TopicAlreadyExistsError):  # another starter won the race: they exist
                await admin.create_topics(wanted)
        return [topic.name for topic in wanted]
    finally:
        await admin.close()


async def wait_for_brokers(bootstrap_servers: list[str], brokers: int, timeout_s: float) -> None:
    """Returns once the cluster's metadata lists ``brokers`` brokers: a node's port opens before it has
    registered with the controllers, and a topic with more replicas than registered brokers is refused."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    seen = 0
    while asyncio.get_running_loop().time() < deadline:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=5_000)
        try:
            await admin.start()
            seen = len((await admin.describe_cluster())["brokers"])
            if seen >= brokers:
                return
        except (KafkaConnectionError, NodeNotReadyError, KafkaTimeoutError):
            pass
        finally:
            await admin.close()
        await asyncio.sleep(0.5)
    raise TimeoutError(f"the Kafka cluster at {bootstrap_servers} lists {seen} of its {brokers} brokers "
                       f"after {timeout_s:.0f}s")


def main() -> None:
    settings = CommonSettings()
    created = asyncio.run(ensure_topics(settings.bootstrap_servers, settings.topic_prefix,
                                        security=client_options(settings)))
    print(f"topics ready ({len(created)} created) on {settings.kafka_bootstrap_servers}", file=sys.stderr)


if __name__ == "__main__":
    main()
