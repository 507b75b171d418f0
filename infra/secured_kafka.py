"""One local Kafka broker that takes only authenticated, encrypted clients: SASL_SSL with SCRAM-SHA-512,
from the same Maven jars as the plain local stack (infra/stack.py).

    python -m infra.secured_kafka up     # CA, broker certificate, SCRAM users; start; print the settings
    python -m infra.secured_kafka down
    python -m infra.secured_kafka status

A KRaft node that is broker and controller: clients and the broker itself (inter-broker) use the SASL_SSL
listener on 127.0.0.1:SECURED_KAFKA_PORT (29300 unless set); the controller listens, in plain text, on the
next port, loopback only. On the first start in its folder (SECURED_KAFKA_DIR) it makes a CA and the
broker's certificate (infra/local_certificates.py) and one SCRAM user per service, the admin (the broker's
own) and a producer for outside systems, each with a random password kept in ``users.json`` there
(readable by its owner only). Every authenticated user may do everything: no ACLs.
"""

import asyncio
import json
import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra import processes
from infra.local_certificates import make_authority, make_broker_keystore
from infra.stack import CACHE, HOST, KAFKA_LIBS, ROOT, _require, kafka_version, prepare_kafka
from infra.topics import ensure_topics
from shared.kafka_security import client_options
from shared.settings import CommonSettings

MECHANISM = "SCRAM-SHA-512"
USERS = ("admin", "nomination", "scoring", "notification", "results", "producer")


@dataclass(frozen=True)
class SecuredKafka:
    port: int = 29300
    run_dir: Path = CACHE / "secured-kafka"

    def __post_init__(self) -> None:
        object.__setattr__(self, "run_dir", Path(self.run_dir).resolve())  # recognised by it in command lines

    @classmethod
    def from_env(cls) -> "SecuredKafka":
        return cls(port=int(os.environ.get("SECURED_KAFKA_PORT", 29300)),
                   run_dir=Path(os.environ.get("SECURED_KAFKA_DIR", CACHE / "secured-kafka")))

    @property
    def bootstrap_servers(self) -> str:
        return f"{HOST}:{self.port}"

    @property
    def ca_file(self) -> Path:
        """The CA certificate (PEM) that signed the broker's: what clients trust."""
        return self.run_dir / "tls" / "ca.pem"

    @property
    def _users_file(self) -> Path:
        return self.run_dir / "users.json"

    def password(self, user: str) -> str:
        passwords: dict[str, str] = json.loads(self._users_file.read_text())
        return passwords[user]

    def settings(self, user: str) -> dict[str, str]:
        """The ``CommonSettings`` values that make a service connect as ``user``."""
        return {"kafka_bootstrap_servers": self.bootstrap_servers, "kafka_security_protocol": "SASL_SSL",
                "kafka_sasl_mechanism": MECHANISM, "kafka_sasl_username": user,
                "kafka_sasl_password": self.password(user), "kafka_ssl_cafile": str(self.ca_file)}

    def client_options(self, user: str) -> dict[str, Any]:
        """aiokafka's keyword arguments for a client connecting as ``user``."""
        return client_options(CommonSettings.model_validate(self.settings(user)))

    def up(self, topic_prefix: str | None = "awards.", timeout_s: float = 120.0) -> None:
        """Starts the broker (made first if its folder has none) and creates the topics under
        ``topic_prefix`` as the admin, over SASL_SSL; ``None`` creates none."""
        prepare_kafka()
        started = time.monotonic()
        if processes.running_pid("kafka", self.run_dir) is None:
            if processes.port_in_use(HOST, self.port):
                raise RuntimeError(f"port {self.port} is taken by a process this launcher did not start; "
                                   "choose another with SECURED_KAFKA_PORT")
            config = self._write_config()
            if not (self.run_dir / "kafka-data" / "meta.properties").exists():
                self._format(config)
            processes.start("kafka", [
                _java(), "-Xms256m", "-Xmx768m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                f"-Dlog4j2.configurationFile={ROOT / 'infra' / 'kafka' / 'log4j2.properties'}",
                "-cp", f"{KAFKA_LIBS}/*", "kafka.Kafka", str(config)], self.run_dir)
        processes.wait_for_port(HOST, self.port, timeout_s, "the secured Kafka", self.run_dir / "kafka.log")
        if topic_prefix is not None:
            asyncio.run(ensure_topics([self.bootstrap_servers], topic_prefix, timeout_s=timeout_s,
                                      security=self.client_options("admin")))
        print(f"secured Kafka {kafka_version()} up in {time.monotonic() - started:.1f}s on "
              f"{self.bootstrap_servers} (SASL_SSL, {MECHANISM}); users and passwords in {self._users_file}, "
              f"CA in {self.ca_file}", file=sys.stderr)

    def down(self) -> None:
        if processes.stop("kafka", self.run_dir):
            print("stopped the secured Kafka", file=sys.stderr)

    def status(self) -> int | None:
        return processes.running_pid("kafka", self.run_dir)

    def _format(self, config: Path) -> None:
        """A new cluster: certificates, users and passwords, and the storage holding those users."""
        self.run_dir.chmod(0o700)  # the CA's key, the users' passwords
        authority = make_authority(self.run_dir / "tls")
        keystore = make_broker_keystore(self.run_dir / "tls", authority)
        passwords = {user: secrets.token_urlsafe(18) for user in USERS}
        self._users_file.touch(mode=0o600)
        self._users_file.write_text(json.dumps(passwords, indent=2))
        (self.run_dir / "keystore.json").write_text(json.dumps({"password": keystore.password}))
        config = self._write_config()  # now with the keystore's and the admin's passwords
        scram = [arg for user, password in passwords.items()
                 for arg in ("--add-scram", f"{MECHANISM}=[name={user},password={password}]")]
        cluster_id = "-"
        while cluster_id.startswith("-"):  # the storage tool would read it as an option
            cluster_id = secrets.token_urlsafe(16)[:22]
        subprocess.run([_java(), "-cp", f"{KAFKA_LIBS}/*", "kafka.tools.StorageTool", "format", "-t", cluster_id,
                        "-c", str(config), *scram], check=True, stdout=subprocess.DEVNULL)

    def _write_config(self) -> Path:
        controller = self.port + 1
        keystore = self.run_dir / "keystore.json"
        store_password = json.loads(keystore.read_text())["password"] if keystore.exists() else ""
        admin = self.password("admin") if self._users_file.exists() else ""
        config = self.run_dir / "server.properties"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.touch(mode=0o600)  # it holds the keystore's and the admin's passwords
        config.write_text("\n".join([
            "process.roles=broker,controller",
            "node.id=1",
            f"controller.quorum.voters=1@{HOST}:{controller}",
            f"listeners=SECURED://{HOST}:{self.port},CONTROLLER://{HOST}:{controller}",
            f"advertised.listeners=SECURED://{HOST}:{self.port}",
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=SECURED",
            "listener.security.protocol.map=CONTROLLER:PLAINTEXT,SECURED:SASL_SSL",
            f"sasl.enabled.mechanisms={MECHANISM}",
            f"sasl.mechanism.inter.broker.protocol={MECHANISM}",
            "listener.name.secured.scram-sha-512.sasl.jaas.config="
            f'org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="{admin}";',
            "ssl.keystore.type=PKCS12",
            f"ssl.keystore.location={self.run_dir / 'tls' / 'broker.p12'}",
            f"ssl.keystore.password={store_password}",
            "ssl.truststore.type=PEM",
            f"ssl.truststore.location={self.ca_file}",
            "ssl.client.auth=none",
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


def _java() -> str:
    return _require("java")  # the plain stack's check, with its hint on how to install Java


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    broker = SecuredKafka.from_env()
    if command == "up":
        broker.up()
        shared = {k: v for k, v in broker.settings("producer").items() if "sasl_user" not in k and "password" not in k}
        print(" ".join(f"AWARDS_{name.upper()}={value}" for name, value in shared.items()))
        print(f"and AWARDS_KAFKA_SASL_USERNAME / AWARDS_KAFKA_SASL_PASSWORD: one of {', '.join(USERS)}, "
              f"with its password from {broker.run_dir / 'users.json'}")
    elif command == "down":
        broker.down()
    elif command == "status":
        pid = broker.status()
        print(f"secured kafka: {'running, pid ' + str(pid) if pid else 'stopped'}")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
