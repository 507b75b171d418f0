"""``python -m bench.endurance``: the two measurements too long for ``make bench``'s 15 minutes.

- scale: one L4 run per size (default 5,000, 10,000, 20,000 nominations), each on fresh services and
  databases; cost grows linearly when doubling the nominations doubles the time (the ratio column).
- soak: nominations at a fixed open-loop rate for ``--soak-seconds`` (default 600) through one
  pipeline; every service's resident memory sampled every 10 s; growth is the last minute's median
  against the second minute's (the first is start-up and warm caches), with the latency of the run.
Results go to .cache/bench/endurance-<time>.json and the table to standard output.
"""

import argparse
import asyncio
import json
import logging
import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import uvloop

from . import latency, record
from .config import BenchConfig, from_environment
from .infrastructure import own_stack
from .kafka_tools import GroupProgress
from .ladder import say, system_run
from .pipeline import Endpoints, running_pipeline
from .proc import rss_mib
from .system import Published, warm_up

RSS_EVERY_S = 10.0


async def scale(endpoints: Endpoints, config: BenchConfig, infra_pids: dict[str, int], size: int) -> dict[str, Any]:
    return await system_run(endpoints, replace(config, nominations=size, jury_scores=0, votes=0), infra_pids)


async def soak(endpoints: Endpoints, config: BenchConfig, rate: float, seconds: float) -> dict[str, Any]:
    async with (running_pipeline(endpoints, config.log_dir) as pipeline,
                GroupProgress(endpoints.kafka_bootstrap_servers) as progress):
        published = Published()
        await warm_up(pipeline, progress, published, config.warmup_nominations, config.poll_interval_s)
        samples: list[tuple[float, dict[str, float]]] = []
        started = time.monotonic()

        async def sample() -> None:
            while True:
                samples.append((time.monotonic() - started,
                                {name: rss_mib(pid) for name, pid in pipeline.pids.items()}))
                await asyncio.sleep(RSS_EVERY_S)

        sampler = asyncio.create_task(sample())
        try:
            latencies = await latency.measure(pipeline, progress, published, rate, seconds,
                                              config.poll_interval_s)
        finally:
            sampler.cancel()
            await asyncio.gather(sampler, return_exceptions=True)
    return {"rate": rate, "seconds": seconds, "latency": latencies, "rss_mib": samples,
            "growth_mib": growth(samples)}


def growth(samples: list[tuple[float, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """Per service: median RSS of the second minute, of the last minute, and the difference."""
    end = samples[-1][0]
    found = {}
    for name in samples[0][1]:
        early = [rss[name] for at, rss in samples if 60 <= at < 120] or [samples[0][1][name]]
        late = [rss[name] for at, rss in samples if at >= end - 60]
        found[name] = {"second_minute": statistics.median(early), "last_minute": statistics.median(late),
                       "growth": statistics.median(late) - statistics.median(early),
                       "max": max(rss[name] for _, rss in samples)}
    return found


def table(result: dict[str, Any]) -> str:
    lines = []
    if result["scale"]:
        lines += [f"{'scale: nominations':<22}{'seconds':>10}{'noms/s':>10}{'× time vs half':>16}"
                  f"{'CPU s/1000 (services, ferretdb)':>34}"]
        previous = None
        for run in result["scale"]:
            cpu = run["cpu_s_per_1000"]
            services = sum(v for k, v in cpu.items() if k not in ("kafka", "ferretdb"))
            ratio = f"{run['materialised_s'] / previous['materialised_s']:.2f}" if previous else "–"
            lines.append(f"{run['nominations']:<22,}{run['materialised_s']:>10.0f}{run['materialised_per_s']:>10.1f}"
                         f"{ratio:>16}{services:>22.1f}, {cpu.get('ferretdb', 0):.1f}")
            previous = run
    if result["soak"]:
        soaked = result["soak"]
        f = soaked["latency"]["materialised"]
        lines += ["", f"soak: {soaked['rate']:g} nominations/s for {soaked['seconds']:.0f} s; materialised p50 "
                      f"{f['p50_ms']:.0f} ms, p99 {f['p99_ms']:.0f} ms, p99.9 {f['p999_ms']:.0f} ms",
                  f"{'service RSS MiB':<22}{'2nd minute':>12}{'last minute':>13}{'growth':>9}{'max':>8}"]
        for name, g in soaked["growth_mib"].items():
            lines.append(f"{name:<22}{g['second_minute']:>12.1f}{g['last_minute']:>13.1f}{g['growth']:>+9.1f}"
                         f"{g['max']:>8.1f}")
    return "\n".join(lines)


async def run(endpoints: Endpoints, config: BenchConfig, infra_pids: dict[str, int], sizes: list[int],
              soak_rate: float, soak_seconds: float) -> dict[str, Any]:
    result: dict[str, Any] = {"started_at": datetime.now(UTC).isoformat(timespec="seconds"),
                              "environment": record.environment(), "scale": [], "soak": None}
    for size in sizes:
        say(f"scale: {size:,} nominations on fresh services")
        result["scale"].append(await scale(endpoints, config, infra_pids, size))
        say(f"scale: {size:,} in {result['scale'][-1]['materialised_s']:.0f} s")
    if soak_seconds:
        say(f"soak: {soak_rate:g}/s for {soak_seconds:.0f} s")
        result["soak"] = await soak(endpoints, config, soak_rate, soak_seconds)
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.endurance", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="5000,10000,20000", help="nominations per run, '' skips")
    parser.add_argument("--soak-rate", type=float, default=8.0, help="nominations per second, open loop")
    parser.add_argument("--soak-seconds", type=float, default=600.0, help="0 skips the soak")
    arguments = parser.parse_args(argv)
    config = from_environment()
    sizes = [int(x) for x in arguments.scale.split(",") if x.strip()]
    logging.getLogger("aiokafka").setLevel(logging.ERROR)
    with own_stack(config) as (endpoints, infra_pids):
        result = uvloop.run(run(endpoints, config, infra_pids, sizes, arguments.soak_rate, arguments.soak_seconds))
    config.out_dir.mkdir(parents=True, exist_ok=True)
    stamp = result["started_at"].replace(":", "").replace("-", "")
    path = config.out_dir / f"endurance-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(table(result))
    say(f"results in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
