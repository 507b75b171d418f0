"""Creates every topic of the registry (and its dead-letter topic) with its partition count.

Used by the local launcher, by the compose one-shot job (``python -m infra.topics``) and by tests.
Creating a topic that exists is not an error, so this is safe to run on every start.
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


async def ensure_topics(bootstrap_servers: list[str], prefix: str, replication: int = 1,
                        timeout_s: float = 60.0, security: dict[str, Any] | None = None) -> list[str]:
    """Creates what is missing; waits (up to ``timeout_s``) for a broker that has just opened its
    port but does not serve metadata yet. ``security``: TLS/SASL options of ``client_options``."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        try:
            return await _ensure_topics(bootstrap_servers, prefix, replication, security or {})
        except (KafkaConnectionError, NodeNotReadyError, KafkaTimeoutError):
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.5)


async def _ensure_topics(bootstrap_servers: list[str], prefix: str, replication: int,
                         security: dict[str, Any]) -> list[str]:
    admin = AIOKafkaAdminClient(**{**security, "bootstrap_servers": bootstrap_servers}, request_timeout_ms=30_000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [NewTopic(prefix + name, partitions, replication, topic_configs=config)
                  for name, partitions, config in with_dead_letters() if prefix + name not in existing]
        if wanted:
            with contextlib.suppress(TopicAlreadyExistsError):  # another starter won the race: they exist
                await admin.create_topics(wanted)
        return [topic.name for topic in wanted]
    finally:
        await admin.close()


def main() -> None:
    settings = CommonSettings()
    created = asyncio.run(ensure_topics(settings.bootstrap_servers, settings.topic_prefix,
                                        security=client_options(settings)))
    print(f"topics ready ({len(created)} created) on {settings.kafka_bootstrap_servers}", file=sys.stderr)


if __name__ == "__main__":
    main()
