from pathlib import Path

import pytest

from infra.kafka_nodes import cluster_id_of, kafka_nodes, server_properties
from infra.stack import LocalStack


def properties(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if line)


def test_a_single_broker_keeps_the_one_broker_names_ports_and_defaults(tmp_path: Path) -> None:
    (node,) = kafka_nodes(9092, tmp_path, 1)
    assert (node.name, node.port, node.controller_port) == ("kafka", 9092, 9093)
    assert (node.data_dir, node.config) == (tmp_path / "kafka-data", tmp_path / "server.properties")
    config = properties(server_properties(node, [node]))
    assert config["controller.quorum.voters"] == "1@127.0.0.1:9093"
    assert config["offsets.topic.replication.factor"] == "1"
    assert "min.insync.replicas" not in config


def test_three_nodes_form_one_quorum_and_replicate_the_internal_topics(tmp_path: Path) -> None:
    cluster = kafka_nodes(39200, tmp_path, 3)
    assert [(n.node_id, n.name, n.port, n.controller_port) for n in cluster] == [
        (1, "kafka-1", 39200, 39201), (2, "kafka-2", 39202, 39203), (3, "kafka-3", 39204, 39205)]
    assert len({n.data_dir for n in cluster} | {n.config for n in cluster}) == 6
    config = properties(server_properties(cluster[1], cluster))
    assert config["node.id"] == "2"
    assert config["controller.quorum.voters"] == "1@127.0.0.1:39201,2@127.0.0.1:39203,3@127.0.0.1:39205"
    assert config["listeners"] == "PLAINTEXT://127.0.0.1:39202,CONTROLLER://127.0.0.1:39203"
    assert config["log.dirs"] == str(tmp_path / "kafka-2-data")
    for key in ("default.replication.factor", "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor"):
        assert config[key] == "3"
    assert config["min.insync.replicas"] == config["transaction.state.log.min.isr"] == "2"


def test_a_node_formatted_anew_takes_the_cluster_id_of_the_others(tmp_path: Path) -> None:
    cluster = kafka_nodes(39200, tmp_path, 3)
    assert cluster_id_of(cluster) is None
    cluster[2].data_dir.mkdir()
    (cluster[2].data_dir / "meta.properties").write_text("version=1\ncluster.id=AbC-123\nnode.id=3\n")
    assert cluster_id_of(cluster) == "AbC-123"


def test_no_broker_is_no_stack(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one broker"):
        kafka_nodes(9092, tmp_path, 0)


def test_the_stack_bootstraps_from_every_broker_and_reads_its_size_from_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCAL_KAFKA_PORT", "39200")
    monkeypatch.setenv("LOCAL_KAFKA_BROKERS", "3")
    monkeypatch.setenv("LOCAL_STACK_DIR", str(tmp_path))
    stack = LocalStack.from_env()
    assert stack.bootstrap_servers == "127.0.0.1:39200,127.0.0.1:39202,127.0.0.1:39204"
    assert list(stack.status()) == ["kafka-1", "kafka-2", "kafka-3", "ferretdb"]
    assert LocalStack(run_dir=tmp_path).bootstrap_servers == "127.0.0.1:9092"
