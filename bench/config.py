"""What one bench run measures and where: sizes, repeats, ports. Environment first, flags override."""

import argparse
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Ports of its own: `make run` uses 9092/27017, the test suite 19092/27117 (and 29092/27217).
DEFAULT_KAFKA_PORT = 39092
DEFAULT_MONGO_PORT = 27317


@dataclass(frozen=True)
class BenchConfig:
    runs: int = 3
    """Measured repetitions of every step (after one unmeasured warm-up where a step has one)."""
    nominations: int = 1000
    """Nominations per L4 run, and documents per L3 run (the read model ends this size in both). Large
    enough that a fixed delay (a standings round's pause, a poll) does not pass for the rate."""
    messages: int = 20_000
    """Messages per L1 and L2 run."""
    warmup_nominations: int = 20
    """Published and awaited before each L4/latency measurement: consumer groups joined, code paths hot."""
    latency_seconds: float = 45.0
    """Length of each open-loop latency run."""
    latency_loads: tuple[float, ...] = (0.5, 0.8)
    """Fractions of the sustainable rate (of L4's median throughput when ``sustainable_probes`` is 0)
    offered open loop."""
    sustainable_probes: int = 4
    """Probes of the sustainable-rate search (see ``bench.sustainable``), bisecting between
    ``probe_low_fraction`` × L4 and L4; 0 skips the search."""
    probe_seconds: float = 20.0
    """Length of each probe of the sustainable-rate search."""
    probe_low_fraction: float = 0.25
    """Low end of the sustainable-rate search, as a fraction of L4's median throughput."""
    poll_interval_s: float = 0.02
    """How often the consumer groups' committed offsets are read while waiting for the pipeline."""
    jury_scores: int = 1000
    """Jury scores per L4 run after its nominations, one per nomination, at most one per nomination (0
    skips them). With 50, the pause after the nominations' last standings round was most of the time."""
    votes: int = 1000
    """Public votes per L4 run after its jury scores, from distinct voters, spread over its nominations
    (0 skips them)."""
    read_nominations: int = 10_000
    """Nominations in the read model while the leaderboard reads are measured (0 skips the step)."""
    read_rate: float = 200.0
    """Leaderboard pages requested per second, open loop."""
    read_seconds: float = 30.0
    """Length of the leaderboard read run (and of its /healthz baseline)."""
    kafka_port: int = DEFAULT_KAFKA_PORT
    mongo_port: int = DEFAULT_MONGO_PORT
    stack_dir: Path = ROOT / ".cache" / "bench-stack"
    out_dir: Path = ROOT / ".cache" / "bench"

    @property
    def log_dir(self) -> Path:
        return self.out_dir / "logs"


ENVIRONMENT = {  # variable → field
    "BENCH_RUNS": "runs", "BENCH_NOMINATIONS": "nominations", "BENCH_MESSAGES": "messages",
    "BENCH_WARMUP": "warmup_nominations", "BENCH_LATENCY_SECONDS": "latency_seconds",
    "BENCH_JURY_SCORES": "jury_scores", "BENCH_VOTES": "votes", "BENCH_READ_NOMINATIONS": "read_nominations",
    "BENCH_PROBES": "sustainable_probes", "BENCH_PROBE_SECONDS": "probe_seconds",
    "BENCH_KAFKA_PORT": "kafka_port", "BENCH_MONGO_PORT": "mongo_port",
    "BENCH_STACK_DIR": "stack_dir", "BENCH_OUT": "out_dir",
}


def _typed(name: str, text: str) -> object:
    if name == "latency_loads":
        return tuple(float(x) for x in text.split(",") if x.strip())  # "" skips the latency runs
    kind = {f.name: f.type for f in fields(BenchConfig)}[name]
    if kind is Path:
        return Path(text).resolve()
    if not isinstance(kind, type):
        raise TypeError(f"BenchConfig.{name} is not read from text")
    return kind(text)


def from_environment(environ: dict[str, str] | None = None) -> BenchConfig:
    environ = dict(os.environ) if environ is None else environ
    values: dict[str, Any] = {name: _typed(name, environ[var]) for var, name in ENVIRONMENT.items() if var in environ}
    if "BENCH_LOADS" in environ:
        values["latency_loads"] = _typed("latency_loads", environ["BENCH_LOADS"])
    return replace(BenchConfig(), **values)


def from_arguments(argv: list[str], base: BenchConfig) -> BenchConfig:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, help="measured repetitions of each step (BENCH_RUNS)")
    parser.add_argument("--nominations", type=int, help="nominations per L4 run (BENCH_NOMINATIONS)")
    parser.add_argument("--messages", type=int, help="messages per L1/L2 run (BENCH_MESSAGES)")
    parser.add_argument("--warmup-nominations", type=int, help="warm-up nominations (BENCH_WARMUP)")
    parser.add_argument("--latency-seconds", type=float, help="length of each latency run")
    parser.add_argument("--latency-loads", help="fractions of the sustainable rate, e.g. 0.5,0.8 (BENCH_LOADS)")
    parser.add_argument("--sustainable-probes", type=int,
                        help="probes of the sustainable-rate search, 0 skips it (BENCH_PROBES)")
    parser.add_argument("--probe-seconds", type=float, help="length of each probe (BENCH_PROBE_SECONDS)")
    parser.add_argument("--jury-scores", type=int, help="jury scores per L4 run, 0 skips (BENCH_JURY_SCORES)")
    parser.add_argument("--votes", type=int, help="public votes per L4 run, 0 skips (BENCH_VOTES)")
    parser.add_argument("--read-nominations", type=int,
                        help="nominations behind the leaderboard reads, 0 skips them (BENCH_READ_NOMINATIONS)")
    parser.add_argument("--read-rate", type=float, help="leaderboard pages per second, open loop")
    parser.add_argument("--read-seconds", type=float, help="length of the leaderboard read run")
    parser.add_argument("--out-dir", help="where results go (BENCH_OUT)")
    given = {k: v for k, v in vars(parser.parse_args(argv)).items() if v is not None}
    values: dict[str, Any] = {k: _typed(k, v) if isinstance(v, str) else v for k, v in given.items()}
    return replace(base, **values)
