"""The local launcher's three-broker Kafka cluster: topics with three replicas and min.insync.replicas=2;
an acks=all idempotent producer that loses nothing and writes nothing twice while the leader of its
partition is killed with SIGKILL; and, with one broker left, writes refused rather than acknowledged.

The cluster runs on ports of its own (TEST_CLUSTER_KAFKA_PORT, its controllers and two more brokers on
the next five ports; TEST_CLUSTER_MONGO_PORT; TEST_CLUSTER_STACK_DIR) and is stopped after the module.
"""

import asyncio
import os
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import KafkaError

from infra.kafka_cluster import heal, kill_nodes, leader_of
from infra.stack import CACHE, LocalStack
from infra.topics import ensure_topics
from shared.settings import CommonSettings
from shared.topics import with_dead_letters
from tests.e2e.events import read_all

CLUSTER = LocalStack(kafka_port=int(os.environ.get("TEST_CLUSTER_KAFKA_PORT", 19192)),
                     mongo_port=int(os.environ.get("TEST_CLUSTER_MONGO_PORT", 27217)),
                     run_dir=Path(os.environ.get("TEST_CLUSTER_STACK_DIR", CACHE / "test-cluster")), brokers=3)
SENDS = 300
INTAKE_WAITS_S = CommonSettings.model_fields["publish_timeout_s"].default


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalStack]:
    CLUSTER.empty_unless_running()
    try:
        CLUSTER.up()
        yield CLUSTER
    finally:
        CLUSTER.down()


async def fresh_topics(stack: LocalStack) -> str:
    """The registry's topics under a prefix of the test's own, replicated for the brokers the cluster has."""
    prefix = f"t{uuid.uuid4().hex[:8]}."
    await ensure_topics(stack.bootstrap_servers.split(","), prefix)
    return prefix


def producer(stack: LocalStack) -> AIOKafkaProducer:
    return AIOKafkaProducer(bootstrap_servers=stack.bootstrap_servers, acks="all", enable_idempotence=True,
                            request_timeout_ms=30_000, retry_backoff_ms=200)


async def test_every_topic_has_three_replicas_and_needs_two_in_sync(cluster: LocalStack) -> None:
    prefix = await fresh_topics(cluster)
    names = [prefix + name for name, _, _ in with_dead_letters()]
    admin = AIOKafkaAdminClient(bootstrap_servers=cluster.bootstrap_servers)
    await admin.start()
    try:
        for _ in range(20):  # a new topic reaches every broker's metadata a moment after its creation
            replicas = {(t["topic"], p["partition"]): len(p["replicas"])
                        for t in await admin.describe_topics(names) for p in t["partitions"]}
            configs = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, n) for n in names])
            min_insync = {name: {entry[0]: entry[1] for entry in entries}.get("min.insync.replicas")
                          for response in configs for _, _, _, name, entries in response.resources}
            if len({topic for topic, _ in replicas}) == len(names) and None not in min_insync.values():
                break
            await asyncio.sleep(0.5)
    finally:
        await admin.close()
    assert len({topic for topic, _ in replicas}) == len(names)
    assert set(replicas.values()) == {3}
    assert min_insync == dict.fromkeys(names, "2")


async def test_a_killed_leader_loses_no_acknowledged_event_and_duplicates_none(cluster: LocalStack) -> None:
    topic = await fresh_topics(cluster) + "nominations.submitted"
    leader = await leader_of(cluster, topic, 0)
    sender = producer(cluster)
    await sender.start()
    try:
        sends = []
        for index in range(SENDS):
            if index == SENDS // 3:
                kill_nodes(cluster, [leader])
            sends.append(await sender.send(topic, str(index).encode(), partition=0))
            await asyncio.sleep(0.01)
        outcomes = await asyncio.gather(*sends, return_exceptions=True)
    finally:
        await sender.stop()
    acked = {str(index) for index, outcome in enumerate(outcomes) if not isinstance(outcome, BaseException)}
    new_leader = await leader_of(cluster, topic, 0)
    await heal(cluster, topic)

    assert new_leader != leader
    assert len(acked) == SENDS  # the producer kept going: every send acknowledged once a new leader took over
    written = Counter(record.value.decode() for record in await read_all(cluster.bootstrap_servers, topic))
    assert set(written) >= acked
    assert [value for value, copies in written.items() if copies > 1] == []


async def test_with_one_broker_left_nothing_is_acknowledged(cluster: LocalStack) -> None:
    topic = await fresh_topics(cluster) + "nominations.submitted"
    leader = await leader_of(cluster, topic, 0)
    sender = producer(cluster)
    await sender.start()
    try:
        await sender.send_and_wait(topic, b"before", partition=0)
        kill_nodes(cluster, [n.node_id for n in cluster.kafka_nodes if n.node_id != leader])
        with pytest.raises((KafkaError, TimeoutError)):
            # The leader alone cannot have it copied: min.insync.replicas=2 refuses it (NotEnoughReplicas),
            # or, with the controller quorum gone too, no replica fetches it and the producer retries
            # until the caller gives up: here after as long as the HTTP intake waits before its 503.
            await asyncio.wait_for(sender.send_and_wait(topic, b"alone", partition=0), INTAKE_WAITS_S)
        await heal(cluster, topic)
        await sender.send_and_wait(topic, b"after", partition=0)
    finally:
        await sender.stop()
    written = Counter(record.value.decode() for record in await read_all(cluster.bootstrap_servers, topic))
    assert written["before"] == 1
    assert written["after"] == 1
    assert written["alone"] <= 1  # refused to its sender; may still be kept, once, when the others return
