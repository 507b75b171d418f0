"""The Kafka nodes of a local stack: one combined broker and controller, or several (``brokers=3``) that
form a KRaft cluster, each node a broker and a voter of the controller quorum.

Node ``i`` (from 1) serves clients on ``kafka_port + 2*(i-1)`` and the quorum on the port after it, so
a single broker keeps the ports, file names and process name ("kafka") of the one-broker launcher and
a cluster's nodes are "kafka-1", "kafka-2", ... with a log folder, a configuration file and a log each.
"""

from dataclasses import dataclass
from pathlib import Path

from infra.topics import replication_for

HOST = "127.0.0.1"


@dataclass(frozen=True)
class KafkaNode:
    node_id: int
    name: str  # the process name: its pid file and log file in the run folder
    port: int
    controller_port: int
    data_dir: Path
    config: Path

    @property
    def address(self) -> str:
        return f"{HOST}:{self.port}"


def kafka_nodes(kafka_port: int, run_dir: Path, brokers: int) -> list[KafkaNode]:
    if brokers < 1:
        raise ValueError(f"a Kafka stack needs at least one broker, not {brokers}")
    if brokers == 1:
        return [KafkaNode(1, "kafka", kafka_port, kafka_port + 1, run_dir / "kafka-data",
                          run_dir / "server.properties")]
    return [KafkaNode(i, f"kafka-{i}", kafka_port + 2 * (i - 1), kafka_port + 2 * (i - 1) + 1,
                      run_dir / f"kafka-{i}-data", run_dir / f"server-{i}.properties")
            for i in range(1, brokers + 1)]


def server_properties(node: KafkaNode, cluster: list[KafkaNode]) -> str:
    """The node's configuration. In a cluster the internal topics (consumer offsets, transactions) are
    replicated like ours: three copies, two of them in sync for a write to be acknowledged."""
    replication, config = replication_for(len(cluster))
    min_insync = config.get("min.insync.replicas", "1")
    voters = ",".join(f"{n.node_id}@{HOST}:{n.controller_port}" for n in cluster)
    replicated = [  # a single broker keeps Kafka's defaults
        f"default.replication.factor={replication}",
        f"min.insync.replicas={min_insync}",
        f"share.coordinator.state.topic.min.isr={min_insync}",
    ] if len(cluster) > 1 else []
    return "\n".join([
        "process.roles=broker,controller",
        f"node.id={node.node_id}",
        f"controller.quorum.voters={voters}",
        f"listeners=PLAINTEXT://{node.address},CONTROLLER://{HOST}:{node.controller_port}",
        f"advertised.listeners=PLAINTEXT://{node.address}",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        f"log.dirs={node.data_dir}",
        "num.partitions=3",
        *replicated,
        f"offsets.topic.replication.factor={replication}",
        "offsets.topic.num.partitions=10",
        f"share.coordinator.state.topic.replication.factor={replication}",
        f"transaction.state.log.replication.factor={replication}",
        f"transaction.state.log.min.isr={min_insync}",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=false",
        "",
    ])


def cluster_id_of(cluster: list[KafkaNode]) -> str | None:
    """The id the cluster's storage was formatted with, if any node's was: a node whose folder was lost
    is formatted with the same id, or it could not join the others."""
    for node in cluster:
        meta = node.data_dir / "meta.properties"
        if meta.exists():
            for line in meta.read_text().splitlines():
                if line.startswith("cluster.id="):
                    return line.split("=", 1)[1].strip()
    return None
