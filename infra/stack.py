"""The local real infrastructure, without Docker: Apache Kafka (KRaft) from its Maven Central jars and
FerretDB (SQLite backend) built from its Go module with the project's patches (infra/ferretdb_build.py).

    python -m infra.stack prepare   # fetch/build once into .cache/ (reused afterwards)
    python -m infra.stack up        # start both, wait until they answer, create the topics
    python -m infra.stack up --brokers 3   # the same with a three-broker Kafka cluster
    python -m infra.stack down      # stop both, leaving no process behind
    python -m infra.stack status

Ports and folders come from the environment (LOCAL_KAFKA_PORT, LOCAL_MONGO_PORT, LOCAL_STACK_DIR,
LOCAL_KAFKA_BROKERS), so the test suite can run a stack of its own beside the one ``make run`` uses.
A cluster's brokers listen on LOCAL_KAFKA_PORT, +2, +4 (their controllers on the port after each; see
infra/kafka_nodes.py); its topics have three replicas and ``min.insync.replicas=2``. FERRETDB_PPROF=host:port
serves Go's pprof handlers from FerretDB (CPU profiles while the bench runs).
"""

import argparse
import asyncio
import base64
import hashlib
import os
import shutil
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from infra import ferretdb_build, go_commands, processes
from infra.kafka_nodes import KafkaNode, cluster_id_of, kafka_nodes, server_properties
from infra.topics import ensure_topics, wait_for_brokers

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"
KAFKA_POM = ROOT / "infra" / "kafka" / "pom.xml"
KAFKA_LIBS = CACHE / "kafka" / "libs"
FERRETDB_BIN = CACHE / "bin" / "ferretdb"
HOST = "127.0.0.1"

HOW_TO_GET = {
    "java": "Java 17+ is needed to run Kafka: apt-get install openjdk-17-jre-headless",
    "mvn": "Maven fetches the Kafka jars: apt-get install maven",
    "go": "Go 1.24+ builds FerretDB: https://go.dev/doc/install or apt-get install golang",
    "git": "git applies the project's FerretDB patches: apt-get install git",
}


class MissingTool(RuntimeError):
    pass


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise MissingTool(f"`{tool}` is not on PATH. {HOW_TO_GET[tool]}")
    return path


def _fingerprint(*files: Path) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _rebuild_needed(stamp: Path, fingerprint: str, product: Path) -> bool:
    return not (product.exists() and stamp.exists() and stamp.read_text() == fingerprint)


def prepare_kafka() -> None:
    stamp = KAFKA_LIBS / ".fingerprint"
    fingerprint = _fingerprint(KAFKA_POM)
    if not _rebuild_needed(stamp, fingerprint, KAFKA_LIBS):
        return
    _require("java")
    mvn = _require("mvn")
    print("fetching the Kafka broker jars with Maven (once) ...", file=sys.stderr)
    shutil.rmtree(KAFKA_LIBS, ignore_errors=True)
    fetched = subprocess.run([mvn, "-B", "-f", str(KAFKA_POM), "dependency:copy-dependencies",
                              f"-DoutputDirectory={KAFKA_LIBS}", "-DincludeScope=runtime"],
                             capture_output=True, text=True)
    if fetched.returncode != 0:
        raise RuntimeError(f"Maven could not fetch the Kafka jars:\n{fetched.stdout[-4000:]}")
    stamp.write_text(fingerprint)


def prepare_ferretdb() -> None:
    stamp = FERRETDB_BIN.with_suffix(".fingerprint")
    fingerprint = _fingerprint(*ferretdb_build.inputs())
    if not _rebuild_needed(stamp, fingerprint, FERRETDB_BIN):
        return
    go, git = _require("go"), _require("git")
    print("building FerretDB from its Go module with the project's patches (once) ...", file=sys.stderr)
    ferretdb_build.build(go, git, FERRETDB_BIN)
    stamp.write_text(fingerprint)


def kafka_version() -> str:
    text = KAFKA_POM.read_text()
    return text.split("<kafka.version>")[1].split("</kafka.version>")[0]


@dataclass(frozen=True)
class LocalStack:
    kafka_port: int = 9092
    mongo_port: int = 27017
    run_dir: Path = CACHE / "stack"
    topic_prefix: str = "awards."
    brokers: int = 1

    def __post_init__(self) -> None:
        # Always absolute: the processes are recognised later by this path in their command lines, so a
        # relative and an absolute spelling of one folder must not look like two stacks.
        object.__setattr__(self, "run_dir", Path(self.run_dir).resolve())

    @classmethod
    def from_env(cls) -> "LocalStack":
        return cls(
            kafka_port=int(os.environ.get("LOCAL_KAFKA_PORT", 9092)),
            mongo_port=int(os.environ.get("LOCAL_MONGO_PORT", 27017)),
            run_dir=Path(os.environ.get("LOCAL_STACK_DIR", CACHE / "stack")),
            topic_prefix=os.environ.get("AWARDS_TOPIC_PREFIX", "awards."),
            brokers=int(os.environ.get("LOCAL_KAFKA_BROKERS", 1)),
        )

    @property
    def kafka_nodes(self) -> list[KafkaNode]:
        return kafka_nodes(self.kafka_port, self.run_dir, self.brokers)

    @property
    def bootstrap_servers(self) -> str:
        return ",".join(node.address for node in self.kafka_nodes)

    @property
    def mongodb_uri(self) -> str:
        return f"mongodb://{HOST}:{self.mongo_port}"

    def up(self, timeout_s: float = 120.0) -> None:
        prepare_kafka()
        prepare_ferretdb()
        started = time.monotonic()
        self._start_ferretdb(timeout_s)
        self._start_kafka(timeout_s)
        asyncio.run(ensure_topics(self.bootstrap_servers.split(","), self.topic_prefix, self.brokers))
        print(f"local stack up in {time.monotonic() - started:.1f}s: Kafka {kafka_version()} on "
              f"{self.bootstrap_servers}, FerretDB on {self.mongodb_uri}", file=sys.stderr)

    def empty_unless_running(self) -> None:
        """Removes the broker log and database files of a stack that is not running. For stacks whose
        users create their own topics and databases each time (tests, bench, chaos): what an earlier run
        left would only slow the broker's start (every partition ever created is loaded again: after a
        day of test runs, past the 120 s start timeout) and make one run depend on another."""
        if not any(self.status().values()):
            for node in self.kafka_nodes:
                shutil.rmtree(node.data_dir, ignore_errors=True)
            shutil.rmtree(self.run_dir / "ferretdb-data", ignore_errors=True)

    def down(self) -> None:
        """Stops every Kafka broker, FerretDB and a mailbox started in the same folder (``make run``'s),
        whatever number of brokers the stack was started with."""
        brokers = sorted(pid.stem for pid in self.run_dir.glob("kafka*.pid"))
        # A cluster's brokers stop together: one by one, the last ones would wait out their grace period
        # for a controller quorum that has already left.
        with ThreadPoolExecutor(max(1, len(brokers))) as pool:
            stopped = list(pool.map(lambda name: processes.stop(name, self.run_dir), brokers))
        stopped += [processes.stop(name, self.run_dir) for name in ("ferretdb", "mailpit")]
        for name, was_running in zip((*brokers, "ferretdb", "mailpit"), stopped, strict=True):
            if was_running:
                print(f"stopped {name}", file=sys.stderr)

    def status(self) -> dict[str, int | None]:
        """Each Kafka node's pid ("kafka" alone, or "kafka-1", "kafka-2", ...) and FerretDB's; None: stopped."""
        names = [node.name for node in self.kafka_nodes] + ["ferretdb"]
        return {name: processes.running_pid(name, self.run_dir) for name in names}

    def _start_ferretdb(self, timeout_s: float) -> None:
        if processes.running_pid("ferretdb", self.run_dir) is None:
            self._refuse_foreign_listener(self.mongo_port, "a MongoDB-protocol server")
            profiling = ["-pprof", os.environ["FERRETDB_PPROF"]] if os.environ.get("FERRETDB_PPROF") else []
            processes.start("ferretdb", [str(FERRETDB_BIN), "-listen", f"{HOST}:{self.mongo_port}",
                                         "-data-dir", str(self.run_dir / "ferretdb-data"), *profiling], self.run_dir)
        processes.wait_for_port(HOST, self.mongo_port, timeout_s, "FerretDB", self.run_dir / "ferretdb.log")

    def _start_kafka(self, timeout_s: float) -> None:
        cluster = self.kafka_nodes
        stopped = [node for node in cluster if processes.running_pid(node.name, self.run_dir) is None]
        if stopped:
            java = _require("java")
            classpath = f"{KAFKA_LIBS}/*"
            cluster_id = cluster_id_of(cluster) or _new_cluster_id()
            heap = "-Xmx768m" if len(cluster) == 1 else "-Xmx512m"
            for node in stopped:
                self._refuse_foreign_listener(node.port, "Kafka")
                node.config.parent.mkdir(parents=True, exist_ok=True)
                node.config.write_text(server_properties(node, cluster))
                if not (node.data_dir / "meta.properties").exists():
                    subprocess.run([java, "-cp", classpath, "kafka.tools.StorageTool", "format", "-t",
                                    cluster_id, "-c", str(node.config)], check=True, stdout=subprocess.DEVNULL)
                processes.start(node.name, [
                    java, "-Xms256m", heap, "-XX:+UseG1GC", "-Djava.awt.headless=true",
                    f"-Dlog4j2.configurationFile={ROOT / 'infra' / 'kafka' / 'log4j2.properties'}",
                    "-cp", classpath, "kafka.Kafka", str(node.config)], self.run_dir)
        for node in cluster:
            processes.wait_for_port(HOST, node.port, timeout_s, f"Kafka ({node.name})",
                                    self.run_dir / f"{node.name}.log")
        if len(cluster) > 1:
            asyncio.run(wait_for_brokers(self.bootstrap_servers.split(","), len(cluster), timeout_s))

    @staticmethod
    def _refuse_foreign_listener(port: int, what: str) -> None:
        if processes.port_in_use(HOST, port):
            raise RuntimeError(f"port {port} is taken by a process this launcher did not start; "
                               f"stop it or choose another port for {what}")


def _new_cluster_id() -> str:
    cluster_id = "-"
    while cluster_id.startswith("-"):  # the storage tool would read it as an option
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    return cluster_id


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.stack", description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", default="status", choices=("prepare", "up", "down", "status"))
    parser.add_argument("--brokers", type=int, help="Kafka brokers (default LOCAL_KAFKA_BROKERS, else 1)")
    args = parser.parse_args(argv[1:])
    stack = LocalStack.from_env()
    if args.brokers is not None:
        stack = replace(stack, brokers=args.brokers)
    try:
        if args.command == "prepare":
            prepare_kafka()
            prepare_ferretdb()
            go_commands.MAILPIT.build()  # make run's staff mailbox
        elif args.command == "up":
            stack.up()
        elif args.command == "down":
            stack.down()
        else:
            for name, pid in stack.status().items():
                print(f"{name}: {'running, pid ' + str(pid) if pid else 'stopped'}")
    except MissingTool as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
