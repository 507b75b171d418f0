"""The local real infrastructure, without Docker: Apache Kafka (KRaft) from its Maven Central jars and
FerretDB (SQLite backend) built from its Go module with the project's patches (infra/ferretdb_build.py).

    python -m infra.stack prepare   # fetch/build once into .cache/ (reused afterwards)
    python -m infra.stack up        # start both, wait until they answer, create the topics
    python -m infra.stack down      # stop both, leaving no process behind
    python -m infra.stack status

Ports and folders come from the environment (LOCAL_KAFKA_PORT, LOCAL_MONGO_PORT, LOCAL_STACK_DIR), so
the test suite can run a stack of its own beside the one ``make run`` uses. FERRETDB_PPROF=host:port
serves Go's pprof handlers from FerretDB (CPU profiles while the bench runs).
"""

import asyncio
import base64
import hashlib
import os
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from infra import ferretdb_build, go_commands, processes
from infra.topics import ensure_topics

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
        )

    @property
    def bootstrap_servers(self) -> str:
        return f"{HOST}:{self.kafka_port}"

    @property
    def mongodb_uri(self) -> str:
        return f"mongodb://{HOST}:{self.mongo_port}"

    def up(self, timeout_s: float = 120.0) -> None:
        prepare_kafka()
        prepare_ferretdb()
        started = time.monotonic()
        self._start_ferretdb(timeout_s)
        self._start_kafka(timeout_s)
        asyncio.run(ensure_topics([self.bootstrap_servers], self.topic_prefix))
        print(f"local stack up in {time.monotonic() - started:.1f}s: Kafka {kafka_version()} on "
              f"{self.bootstrap_servers}, FerretDB on {self.mongodb_uri}", file=sys.stderr)

    def empty_unless_running(self) -> None:
        """Removes the broker log and database files of a stack that is not running. For stacks whose
        users create their own topics and databases each time (tests, bench, chaos): what an earlier run
        left would only slow the broker's start (every partition ever created is loaded again: after a
        day of test runs, past the 120 s start timeout) and make one run depend on another."""
        if not any(self.status().values()):
            for data in ("kafka-data", "ferretdb-data"):
                shutil.rmtree(self.run_dir / data, ignore_errors=True)

    def down(self) -> None:
        """Stops Kafka, FerretDB and a mailbox started in the same folder (``make run``'s)."""
        for name in ("kafka", "ferretdb", "mailpit"):
            if processes.stop(name, self.run_dir):
                print(f"stopped {name}", file=sys.stderr)

    def status(self) -> dict[str, int | None]:
        return {name: processes.running_pid(name, self.run_dir) for name in ("kafka", "ferretdb")}

    def _start_ferretdb(self, timeout_s: float) -> None:
        if processes.running_pid("ferretdb", self.run_dir) is None:
            self._refuse_foreign_listener(self.mongo_port, "a MongoDB-protocol server")
            profiling = ["-pprof", os.environ["FERRETDB_PPROF"]] if os.environ.get("FERRETDB_PPROF") else []
            processes.start("ferretdb", [str(FERRETDB_BIN), "-listen", f"{HOST}:{self.mongo_port}",
                                         "-data-dir", str(self.run_dir / "ferretdb-data"), *profiling], self.run_dir)
        processes.wait_for_port(HOST, self.mongo_port, timeout_s, "FerretDB", self.run_dir / "ferretdb.log")

    def _start_kafka(self, timeout_s: float) -> None:
        if processes.running_pid("kafka", self.run_dir) is None:
            self._refuse_foreign_listener(self.kafka_port, "Kafka")
            config = self._write_kafka_config()
            java = _require("java")
            classpath = f"{KAFKA_LIBS}/*"
            if not (self.run_dir / "kafka-data" / "meta.properties").exists():
                cluster_id = "-"
                while cluster_id.startswith("-"):  # the storage tool would read it as an option
                    cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
                subprocess.run([java, "-cp", classpath, "kafka.tools.StorageTool", "format", "-t",
                                cluster_id, "-c", str(config)], check=True, stdout=subprocess.DEVNULL)
            processes.start("kafka", [
                java, "-Xms256m", "-Xmx768m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                f"-Dlog4j2.configurationFile={ROOT / 'infra' / 'kafka' / 'log4j2.properties'}",
                "-cp", classpath, "kafka.Kafka", str(config)], self.run_dir)
        processes.wait_for_port(HOST, self.kafka_port, timeout_s, "Kafka", self.run_dir / "kafka.log")

    def _write_kafka_config(self) -> Path:
        controller = self.kafka_port + 1
        config = self.run_dir / "server.properties"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text("\n".join([
            "process.roles=broker,controller",
            "node.id=1",
            f"controller.quorum.voters=1@{HOST}:{controller}",
            f"listeners=PLAINTEXT://{HOST}:{self.kafka_port},CONTROLLER://{HOST}:{controller}",
            f"advertised.listeners=PLAINTEXT://{HOST}:{self.kafka_port}",
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            f"log.dirs={self.run_dir / 'kafka-data'}",
            "num.partitions=3",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=10",
            "share.coordinator.state.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=false",
            "",
        ]))
        return config

    @staticmethod
    def _refuse_foreign_listener(port: int, what: str) -> None:
        if processes.port_in_use(HOST, port):
            raise RuntimeError(f"port {port} is taken by a process this launcher did not start; "
                               f"stop it or choose another port for {what}")


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    stack = LocalStack.from_env()
    try:
        if command == "prepare":
            prepare_kafka()
            prepare_ferretdb()
            go_commands.MAILPIT.build()  # make run's staff mailbox
        elif command == "up":
            stack.up()
        elif command == "down":
            stack.down()
        elif command == "status":
            for name, pid in stack.status().items():
                print(f"{name}: {'running, pid ' + str(pid) if pid else 'stopped'}")
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except MissingTool as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
