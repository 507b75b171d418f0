"""What ``make run`` shows: a few lines a person reads, while every service's JSON log goes whole to
.cache/logs/<service>.log.

The console gets each service's warnings, errors and start/stop lines, anything that is not a JSON log
line (a traceback), and one line per nomination decided. Printing never raises: when stdout goes away
(a pipe whose reader died at Ctrl-C, a closed terminal) the console falls silent and shutdown goes on.
"""

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

SHOWN_LEVELS = {"WARNING", "ERROR", "CRITICAL"}
# What every start logs while a fresh broker creates its offsets topic and the consumers join their
# groups: in the log, not on the console.
BENIGN = ("Heartbeat failed for group", "Group Coordinator Request failed", "Marking the coordinator dead")


class Unbreakable:
    """A text stream whose writes never raise: once the other end is gone, the rest is dropped."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.gone = stream, False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self.stream.write(text)
                self.stream.flush()
            except (OSError, ValueError):  # EPIPE, EIO, or a closed file: nobody is reading any more
                self.gone = True
        return len(text)

    def flush(self) -> None:
        self.write("")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def keep_going_without_a_reader() -> None:
    """stdout and stderr become Unbreakable: shutdown must not depend on them still being open."""
    if not isinstance(sys.stdout, Unbreakable):
        sys.stdout = Unbreakable(sys.stdout)
    if not isinstance(sys.stderr, Unbreakable):
        sys.stderr = Unbreakable(sys.stderr)


def hangup_watch() -> Callable[[], bool]:
    """A check that tells when the terminal we were started from has gone. make catches the SIGHUP of a
    closed terminal and waits for its command, so the signal never reaches us; the terminal's process
    group then reads as an I/O error."""
    if not os.isatty(0):
        return lambda: False

    def hung_up() -> bool:
        try:
            os.tcgetpgrp(0)
            return False
        except OSError:
            return True
    return hung_up


class Console:
    def __init__(self, out: TextIO | None = None) -> None:
        self.out = Unbreakable(out or sys.stdout)
        self.lock = threading.Lock()

    def say(self, text: str = "") -> None:
        with self.lock:
            self.out.write(text + "\n")

    def follow(self, name: str, process: subprocess.Popen[bytes], log: Path) -> threading.Thread:
        """Copies the process's output to ``log`` and what matters of it to the console."""
        def copy() -> None:
            assert process.stdout is not None
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("ab") as file:
                for raw in process.stdout:
                    file.write(raw)
                    file.flush()
                    line = raw.decode(errors="replace").rstrip("\n")
                    if shown(line):
                        self.say(f"{name:>12} | {brief(line)}")
        thread = threading.Thread(target=copy, name=f"follow-{name}", daemon=True)
        thread.start()
        return thread


def shown(line: str) -> bool:
    try:
        record = json.loads(line)
    except ValueError:
        return bool(line.strip())
    if not isinstance(record, dict):
        return True
    message = str(record.get("message", ""))
    if message.startswith(BENIGN):
        return False
    return record.get("level") in SHOWN_LEVELS or message.endswith((" service started", " service stopped"))


def brief(line: str) -> str:
    """A JSON log line as level and message; anything else as it is."""
    try:
        record = json.loads(line)
        return f"{record.get('level', '')} {record.get('message', '')}".strip()
    except (ValueError, AttributeError):
        return line


class Decisions:
    """Counts the screenings of nominations.screened and, once ``loud``, prints each as a line."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.tally: Counter[str] = Counter()
        self.loud = False
        self.changed = threading.Condition()

    def record(self, event: dict[str, Any]) -> None:
        data = event.get("data") or {}
        status = "accepted" if event.get("type", "").endswith(".accepted.v1") else "rejected"
        with self.changed:
            self.tally[status] += 1
            self.changed.notify_all()
        if self.loud:
            self.console.say(decision_line(status, data))

    def wait_for(self, count: int, timeout_s: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: sum(self.tally.values()) >= count, timeout_s)


def decision_line(status: str, data: dict[str, Any]) -> str:
    nominee = data.get("nominee") or {}
    name = nominee.get("name_ar") or nominee.get("name_en") or data.get("reference", "?")
    where = f"({data.get('country', '?')} · {data.get('category', '?')})"
    reasons = ", ".join(reason.get("code", "?") for reason in data.get("reasons") or [])
    return f"  {status:<9} {name} {where}" + (f": {reasons}" if reasons else "")
