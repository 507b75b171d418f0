"""Mailpit as ``make run``'s staff mailbox: SMTP for the notification service, a web UI and an API to
read what staff received, as the compose stack has. Built from its Go module (infra/go_commands.py);
its messages are kept in the stack's folder between runs.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from infra import go_commands, processes

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Mailbox:
    run_dir: Path
    smtp_port: int = 1025
    http_port: int = 8025

    @classmethod
    def from_env(cls, run_dir: Path) -> "Mailbox":
        """``make run``'s: the ports from AWARDS_SMTP_PORT and LOCAL_MAILPIT_PORT, read when it starts."""
        return cls(run_dir, int(os.environ.get("AWARDS_SMTP_PORT", 1025)),
                   int(os.environ.get("LOCAL_MAILPIT_PORT", 8025)))

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.http_port}"

    def start(self, timeout_s: float = 30.0) -> "Mailbox":
        if processes.running_pid("mailpit", self.run_dir) is None:
            for port in (self.smtp_port, self.http_port):
                if processes.port_in_use(HOST, port):
                    raise RuntimeError(f"port {port} is taken by a process this launcher did not start; "
                                       "stop it, or set AWARDS_SMTP_PORT / LOCAL_MAILPIT_PORT")
            processes.start("mailpit", [
                str(go_commands.MAILPIT.build()), "--smtp", f"{HOST}:{self.smtp_port}",
                "--listen", f"{HOST}:{self.http_port}", "--database", str(self.run_dir / "mailpit.db"),
                "--disable-version-check", "--max", "5000"], self.run_dir)
        processes.wait_for_port(HOST, self.http_port, timeout_s, "Mailpit", self.run_dir / "mailpit.log")
        return self

    def stop(self) -> None:
        processes.stop("mailpit", self.run_dir)
