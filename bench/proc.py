"""CPU time and peak memory of a process, read from /proc (Linux; no dependency)."""

import os
from dataclasses import dataclass
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of the process (all its threads) since it started."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    # The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    after_name = stat[stat.rindex(")") + 2:].split()
    utime, stime = int(after_name[11]), int(after_name[12])
    return (utime + stime) / CLOCK_TICKS


def peak_rss_mib(pid: int) -> float:
    """VmHWM: the resident set's high-water mark since the process started."""
    return _status_mib(pid, "VmHWM")


def rss_mib(pid: int) -> float:
    """VmRSS: the resident set now."""
    return _status_mib(pid, "VmRSS")


def _status_mib(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise ValueError(f"no {field} for pid {pid}")


@dataclass(frozen=True)
class CpuWindow:
    """CPU seconds each process spent between two moments."""

    start: dict[str, float]

    @classmethod
    def open(cls, pids: dict[str, int]) -> "CpuWindow":
        return cls({name: cpu_seconds(pid) for name, pid in pids.items()})

    def close(self, pids: dict[str, int]) -> dict[str, float]:
        return {name: cpu_seconds(pid) - self.start[name] for name, pid in pids.items() if name in self.start}
