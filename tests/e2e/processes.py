"""Runs the real services as separate processes (``python -m services.<name>``), as operators do."""

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from shared.settings import ENV_PREFIX
from tools.system import SystemSettings

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_port_pair() -> int:
    """A free port whose next one is free too (a Kafka node's controller listens on port + 1), below
    Linux's ephemeral range, where outgoing connections would take the next port at random."""
    for port in random.sample(range(20_000, 32_000, 2), 200):
        with socket.socket() as first, socket.socket() as second:
            try:
                first.bind(("127.0.0.1", port))
                second.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port
    raise RuntimeError("no two free consecutive ports between 20000 and 32000")


def environment(settings: SystemSettings, **extra: str) -> dict[str, str]:
    """The process environment that gives a service exactly these settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    for name, value in settings.model_dump(mode="json", exclude_none=True).items():
        value = _reveal(getattr(settings, name), value)
        env[ENV_PREFIX + name.upper()] = value if isinstance(value, str) else json.dumps(value)
    env.update(extra)
    return env


def _reveal(setting: Any, dumped: Any) -> Any:
    """Secrets dump as '**********'; the child process needs the real value."""
    if isinstance(setting, SecretStr):
        return setting.get_secret_value()
    if isinstance(setting, dict) and any(isinstance(v, SecretStr) for v in setting.values()):
        return {k: v.get_secret_value() for k, v in setting.items()}
    return dumped


@dataclass
class ServiceProcess:
    name: str
    settings: SystemSettings
    log_dir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.log_dir / f"{self.name}-{self.port}.log"

    def start(self) -> "ServiceProcess":
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = environment(self.settings, AWARDS_HTTP_PORT=str(self.port))
        self.process = subprocess.Popen([sys.executable, "-m", f"services.{self.name}"], cwd=ROOT,
                                        env=env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        return self

    def wait_ready(self, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            assert self.process is not None and self.process.poll() is None, (
                f"{self.name} exited early:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise TimeoutError(f"{self.name} not ready in {timeout_s}s:\n{self.log.read_text()[-3000:]}")

    def terminate(self, timeout_s: float = 30) -> int | None:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait()
