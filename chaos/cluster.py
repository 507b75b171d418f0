"""The cluster cases of the matrix, on a three-broker Kafka (replication factor 3,
``min.insync.replicas=2``) of their own: the leader of a busy partition killed with SIGKILL in the
middle of the load, and two of the three brokers killed for a while, leaving one.

With one broker killed the other two hold every acknowledged event and elect new leaders (after the
controllers miss the dead broker's heartbeats, ``broker.session.timeout.ms``, 9 s by default): nothing
acknowledged may be lost, nothing decided twice. With one broker left no write can be acknowledged
(two in-sync copies are required, and two of the three controller voters are gone): producers are
refused or time out, the HTTP intake answers 503, and what was acknowledged before is all there after.
Each fault returns once the killed brokers run again and every replica is back in sync.
"""

import asyncio

from bench.pipeline import RunningPipeline
from infra.kafka_cluster import heal, kill_nodes, leader_of
from infra.stack import CACHE, LocalStack

from .faults import Fault

# Below the kernel's ephemeral ports (32768 and up): a node starting again after its kill must find its
# port free, not taken as the local end of some outgoing connection.
CLUSTER_STACK = LocalStack(kafka_port=29192, mongo_port=27517, run_dir=CACHE / "chaos-cluster-stack", brokers=3)
BUSY_TOPIC = "nominations.submitted"  # every nomination of the load and of the intake goes through it
DEAD_S = 2.0  # as long as a killed server stays down in the single-broker cases
ONE_LEFT_S = 15.0  # long enough for the intake probe to be answered while no write can be acknowledged


async def _kill_leader(pipeline: RunningPipeline, stack: LocalStack) -> None:
    leader = await leader_of(stack, pipeline.topic(BUSY_TOPIC), 0)
    kill_nodes(stack, [leader])
    await asyncio.sleep(DEAD_S)
    await heal(stack, pipeline.settings.topic_prefix)


async def _one_left(pipeline: RunningPipeline, stack: LocalStack) -> None:
    """The busy partition's leader is the one left: it still answers and must refuse to acknowledge."""
    leader = await leader_of(stack, pipeline.topic(BUSY_TOPIC), 0)
    kill_nodes(stack, [node.node_id for node in stack.kafka_nodes if node.node_id != leader])
    await asyncio.sleep(ONE_LEFT_S)
    await heal(stack, pipeline.settings.topic_prefix)


CLUSTER_MATRIX: list[Fault] = [
    Fault("cluster: kill -9 partition leader", _kill_leader),
    Fault(f"cluster: one broker left {ONE_LEFT_S:.0f} s", _one_left),
]
