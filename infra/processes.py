"""Starting and stopping the local stack's background processes, leaving nothing behind.

Each process runs in its own session (process group) with its pid in a file, so ``stop`` can end the
whole group: SIGTERM first, SIGKILL after a grace period.
"""

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path


def start(name: str, argv: list[str], run_dir: Path, env: dict[str, str] | None = None) -> int:
    run_dir.mkdir(parents=True, exist_ok=True)
    log = (run_dir / f"{name}.log").open("ab")
    process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True, env={**os.environ, **(env or {})})
    (run_dir / f"{name}.pid").write_text(str(process.pid))
    return process.pid


def running_pid(name: str, run_dir: Path) -> int | None:
    """The pid of our process ``name``, if it still runs; a pid file whose pid was reused by some other
    program (its command line does not mention our run folder) counts as stale."""
    pid_file = run_dir / f"{name}.pid"
    if not pid_file.exists():
        return None
    pid = int(pid_file.read_text())
    try:
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        command_line = b""
    if str(run_dir).encode() not in command_line:
        pid_file.unlink(missing_ok=True)
        return None
    return pid


def stop(name: str, run_dir: Path, grace_s: float = 30.0) -> bool:
    pid = running_pid(name, run_dir)
    if pid is None:
        return False
    _signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.2)
    _signal_group(pid, signal.SIGKILL)
    (run_dir / f"{name}.pid").unlink(missing_ok=True)
    return True


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)


def _alive(pid: int) -> bool:
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)
        if waited == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_for_port(host: str, port: int, timeout_s: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
    raise TimeoutError(f"{what} did not answer on {host}:{port} within {timeout_s:.0f}s; "
                       f"last lines of {log}:\n{tail}")


def port_in_use(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0
