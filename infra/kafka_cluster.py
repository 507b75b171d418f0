"""Faults on a local Kafka cluster and the wait until it is whole again: which node leads a partition,
killing nodes with SIGKILL (no chance to hand leadership over or flush), and waiting until every replica
of a set of topics is back in sync. Used by the chaos matrix and the cluster's integration test."""

import asyncio
import os
import signal

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from infra.stack import LocalStack

OFFSETS = "__consumer_offsets"


async def _describe(stack: LocalStack, topics: list[str]) -> list[dict]:
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.bootstrap_servers, request_timeout_ms=5_000)
    await admin.start()
    try:
        return list(await admin.describe_topics(topics))
    finally:
        await admin.close()


async def leader_of(stack: LocalStack, topic: str, partition: int = 0, timeout_s: float = 30.0) -> int:
    """The node id of the partition's leader, waiting while it has none (an election, or a topic just
    created that has not reached every broker's metadata yet)."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while asyncio.get_running_loop().time() < deadline:
        for described in await _describe(stack, [topic]):
            for found in described["partitions"]:
                if found["partition"] == partition and found["leader"] >= 0:
                    return int(found["leader"])
        await asyncio.sleep(0.3)
    raise LookupError(f"{topic} has no leader for partition {partition} after {timeout_s:.0f}s")


def kill_nodes(stack: LocalStack, node_ids: list[int]) -> None:
    """SIGKILL to each node's process group, as a machine that loses power (its files stay)."""
    for node in stack.kafka_nodes:
        if node.node_id in node_ids:
            pid = stack.status()[node.name]
            if pid is None:
                raise RuntimeError(f"{node.name} is not running")
            os.killpg(pid, signal.SIGKILL)


async def out_of_sync(stack: LocalStack, prefix: str) -> list[str]:
    """The partitions that lack a leader or an in-sync replica, among the topics named with ``prefix``
    and the consumer groups' offsets (no group commits without them)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.bootstrap_servers, request_timeout_ms=5_000)
    await admin.start()
    try:
        topics = [name for name in await admin.list_topics() if name.startswith((prefix, OFFSETS))]
    finally:
        await admin.close()
    if not topics:
        return []
    lagging = []
    for described in await _describe(stack, topics):
        for found in described["partitions"]:
            if found["leader"] < 0 or len(found["isr"]) < len(found["replicas"]):
                lagging.append(f"{described['topic']}-{found['partition']}")
    return lagging


async def heal(stack: LocalStack, prefix: str, timeout_s: float = 120.0) -> None:
    """Starts the stopped nodes and returns once every partition ``out_of_sync`` looks at has its leader
    and all its replicas in sync again: the cluster is whole, not merely answering."""
    await asyncio.to_thread(stack.up)
    deadline = asyncio.get_running_loop().time() + timeout_s
    lagging: list[str] = ["(not asked yet)"]
    while asyncio.get_running_loop().time() < deadline:
        try:
            lagging = await out_of_sync(stack, prefix)
        except KafkaError as error:
            lagging = [f"(metadata not served: {type(error).__name__})"]
        if not lagging:
            return
        await asyncio.sleep(0.5)
    raise TimeoutError(f"replicas still out of sync after {timeout_s:.0f}s: {lagging[:10]}")
