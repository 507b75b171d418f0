"""``python -m bench.stages --rate 50``: where publish-to-read-model latency goes, stage by stage, at a
fixed open-loop rate (the bench's latency step at an absolute rate instead of a fraction of L4).

Each hop's output record carries the time its producer was handed it (Kafka's CreateTime), so for each
nomination: nomination = its screening published − its submission published; scoring = its first
standing published − its screening published; results = read-model write (the latency step's commit
polling) − the record it stored was published, for the screening and for the standing. Clocks: one
machine. Results go to .cache/bench/stages-<time>.json and the table to standard output.

After the few nominations every bench run starts with (``warm_up``) and before the measured run, a
stream at the same rate for ``warmup_seconds`` is sent and not counted (its summary is the result's
``warmup``): this tool starts a fresh broker, whose JVM compiles its hot paths under the first minute
of load (Kafka's cores at 50/s fell from 0.74 in the first 5 s to 0.26–0.32 in the last 15 s of a cold
60 s run), so without it every A/B compared warming brokers.
"""

import argparse
import json
import logging
import os
import sys
import time
from datetime import UTC, datetime
from typing import Any

import uvloop

from shared import topics

from . import batches, database_time, latency
from .config import BenchConfig, from_environment
from .infrastructure import own_stack
from .kafka_tools import GroupProgress
from .pipeline import Endpoints, running_pipeline
from .proc import CpuWindow
from .raw_kafka import assigned_consumer
from .stats import latency_summary
from .system import Published, warm_up

TOPICS = (topics.NOMINATIONS_SUBMITTED, topics.NOMINATIONS_SCREENED, topics.SCORES_UPDATED)


async def published_at(bootstrap_servers: str, topic: str) -> dict[bytes, float]:
    """Record key → when its first record was handed to the producer (epoch seconds)."""
    consumer = await assigned_consumer(bootstrap_servers, topic)
    first: dict[bytes, float] = {}
    try:
        while batches := await consumer.getmany(timeout_ms=1500, max_records=5000):
            for records in batches.values():
                for record in records:
                    first.setdefault(record.key, record.timestamp / 1000)
    finally:
        await consumer.stop()
    return first


async def measure(endpoints: Endpoints, config: BenchConfig, infra_pids: dict[str, int], rate: float,
                  seconds: float, warmup_seconds: float = 0.0) -> dict[str, Any]:
    async with (running_pipeline(endpoints, config.log_dir) as pipeline,
                GroupProgress(endpoints.kafka_bootstrap_servers) as progress):
        published, trace = Published(), dict[str, Any]()
        await warm_up(pipeline, progress, published, config.warmup_nominations, config.poll_interval_s)
        warmup_stream = (await latency.measure(pipeline, progress, published, rate, warmup_seconds,
                                               config.poll_interval_s) if warmup_seconds > 0 else None)
        running: dict[str, int | None] = {**pipeline.pids, **infra_pids, "mail sink": pipeline.mail_sink_pid,
                                          "bench": os.getpid()}
        pids = {name: pid for name, pid in running.items() if pid is not None}
        database_before, batches_before = await database_time.snapshot(pipeline), await batches.snapshot(pipeline)
        cpu, began = CpuWindow.open(pids), time.monotonic()
        result = await latency.measure(pipeline, progress, published, rate, seconds, config.poll_interval_s, trace)
        elapsed = time.monotonic() - began
        cores = {name: used / elapsed for name, used in cpu.close(pids).items()}
        batch_sizes = batches.sizes(batches_before, await batches.snapshot(pipeline), elapsed)
        database = database_time.heaviest(database_before, await database_time.snapshot(pipeline),
                                          len(trace["keys"]), rows=12)
        at = [await published_at(endpoints.kafka_bootstrap_servers, pipeline.topic(t.name)) for t in TOPICS]
    stages: dict[str, list[float]] = {"nomination": [], "results (screening)": [], "scoring": [],
                                      "results (standing)": []}
    for key, nid, sent, screened, materialised in zip(trace["keys"], trace["nomination_ids"], trace["intended_wall"],
                                                      trace["screened"], trace["materialised"], strict=True):
        submitted, screening, standing = at[0][key], at[1][nid.encode()], at[2][nid.encode()]
        stages["nomination"].append(screening - submitted)
        stages["results (screening)"].append(sent + screened - screening)
        stages["scoring"].append(standing - screening)
        stages["results (standing)"].append(sent + materialised - standing)
    return {"rate": rate, "seconds": seconds, "warmup": warmup_stream, "latency": result, "cores": cores,
            "database_time": database, "batches": batch_sizes,
            "stages": {name: latency_summary(values) for name, values in stages.items()}}


def table(result: dict[str, Any]) -> str:
    warm = result.get("warmup")
    title = f"stage at {result['rate']:g}/s" + (f" after {warm['seconds']:g} s warm-up" if warm else "")
    lines = [f"{title:<34}{'p50':>8}{'p99':>8}{'p99.9':>8}{'max':>8}  ms"]
    rows = [*result["stages"].items(), ("end to end, screened", result["latency"]["screened"]),
            ("end to end, materialised", result["latency"]["materialised"])]
    for name, figures in rows:
        lines.append(f"{name:<34}" + "".join(f"{figures[k]:>8.0f}" for k in ("p50_ms", "p99_ms", "p999_ms", "max_ms")))
    if warm:
        lines.append(f"(the warm-up before it, not counted: materialised p50 {warm['materialised']['p50_ms']:.0f}, "
                     f"p99 {warm['materialised']['p99_ms']:.0f} ms)")
    lines.append("cores busy meanwhile: " + ", ".join(f"{name} {used:.2f}" for name, used in
                                                     sorted(result["cores"].items(), key=lambda item: -item[1])))
    lines.append("database commands per nomination (ms each):")
    lines += [f"  {row['service']:<13}{row['command']:<8}{row['collection']:<20}{row['commands_per_1000'] / 1000:>6.2f}"
              f"{row['seconds_per_1000'] / max(row['commands_per_1000'], 1e-9) * 1000:>8.1f}"
              for row in sorted(result["database_time"], key=lambda row: -row["commands_per_1000"])]
    lines.append("batches handled (per second, events each, ms each):")
    lines += [f"  {row['service']:<13}{row['topic']:<34}{row['batches_per_s']:>6.1f}{row['events_per_batch']:>7.1f}"
              f"{row['ms_per_batch']:>8.1f}" for row in result["batches"]]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stages", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=50.0, help="nominations per second, open loop")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the measured run")
    parser.add_argument("--warmup-seconds", type=float, default=30.0,
                        help="a stream at the same rate before the measured run, not counted (0: none)")
    arguments = parser.parse_args(argv)
    config = from_environment()
    logging.getLogger("aiokafka").setLevel(logging.ERROR)
    with own_stack(config) as (endpoints, infra_pids):
        result = uvloop.run(measure(endpoints, config, infra_pids, arguments.rate, arguments.seconds,
                                    arguments.warmup_seconds))
    config.out_dir.mkdir(parents=True, exist_ok=True)
    path = config.out_dir / f"stages-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
