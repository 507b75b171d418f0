"""One bench session on given infrastructure: the ladder, its summary, the environment it ran in,
and the files it leaves (used by ``python -m bench`` and by the smoke test)."""

import os
import statistics
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import chart, envelopes, record
from .config import BenchConfig
from .ladder import run_ladder
from .pipeline import BENCH_EDITION, Endpoints
from .summary import summarise


def message_bytes(count: int = 1000) -> dict[str, float]:
    sizes = [len(envelopes.nomination("size", i, BENCH_EDITION).value) for i in range(count)]
    return {"mean": statistics.mean(sizes), "min": min(sizes), "max": max(sizes)}


async def run(endpoints: Endpoints, config: BenchConfig,
              infra_pids: dict[str, int]) -> tuple[dict[str, Any], dict[str, Path]]:
    started = datetime.now(UTC)
    load_before = os.getloadavg()
    clock = time.monotonic()
    steps = await run_ladder(endpoints, config, infra_pids)
    env = record.environment()
    env["machine"] |= {"load_average_before": load_before, "load_average_after": os.getloadavg()}
    result = {
        "started_at": started.isoformat(timespec="seconds"),
        "duration_s": time.monotonic() - clock,
        "config": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items()},
        "environment": env,
        "endpoints": asdict(endpoints),
        "message_bytes": message_bytes(),
        "summary": summarise(steps),
        "steps": steps,
    }
    return result, record.write(result, config.out_dir, chart.svg(result))
