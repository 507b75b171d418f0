"""The ladder: each step warmed up, then measured ``runs`` times, on one broker and one database
server, with the same nomination envelopes."""

import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from . import envelopes, jury, latency, raw_database, raw_hops, raw_kafka, reads, sustainable, votes
from .config import BenchConfig
from .kafka_tools import GroupProgress
from .pipeline import BENCH_EDITION, Endpoints, running_pipeline
from .stats import spread
from .system import Published, measure_throughput, warm_up


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


async def repeated(name: str, runs: int, once: Callable[[], Awaitable[dict[str, Any]]]) -> list[dict[str, Any]]:
    results = []
    for run in range(1, runs + 1):
        results.append(await once())
        last = results[-1]
        rate = last.get("per_s") or last.get("materialised_per_s")
        jury_rate = f", jury scores {last['jury']['per_s']:,.1f}/s" if "jury" in last else ""
        vote_rate = f", votes {last['votes']['per_s']:,.1f}/s" if "votes" in last else ""
        say(f"{name} run {run}/{runs}: {rate:,.1f}/s{jury_rate}{vote_rate}")
    return results


async def system_run(endpoints: Endpoints, config: BenchConfig, infra_pids: dict[str, int]) -> dict[str, Any]:
    async with (running_pipeline(endpoints, config.log_dir) as pipeline,
                GroupProgress(endpoints.kafka_bootstrap_servers) as progress):
        published = Published()
        await warm_up(pipeline, progress, published, config.warmup_nominations, config.poll_interval_s)
        first = published.count
        result = await measure_throughput(pipeline, progress, published, config.nominations, infra_pids,
                                          config.poll_interval_s)
        if config.jury_scores:
            judged = range(first, first + min(config.jury_scores, config.nominations))
            result["jury"] = await jury.measure(pipeline, progress, judged, infra_pids, config.poll_interval_s)
        if config.votes:
            result["votes"] = await votes.measure(pipeline, progress, range(first, first + config.nominations),
                                                  config.votes, infra_pids, config.poll_interval_s)
        return result


async def latency_run(endpoints: Endpoints, config: BenchConfig, rate: float, seconds: float,
                      trace: dict[str, Any] | None = None) -> dict[str, Any]:
    async with (running_pipeline(endpoints, config.log_dir) as pipeline,
                GroupProgress(endpoints.kafka_bootstrap_servers) as progress):
        published = Published()
        await warm_up(pipeline, progress, published, config.warmup_nominations, config.poll_interval_s)
        return await latency.measure(pipeline, progress, published, rate, seconds, config.poll_interval_s,
                                     trace)


async def probe(endpoints: Endpoints, config: BenchConfig, rate: float) -> list[float]:
    """Latencies of one probe, which lasts ``probe_seconds`` or as long as it takes to send enough to judge."""
    trace: dict[str, Any] = {}
    await latency_run(endpoints, config, rate, max(config.probe_seconds, sustainable.FEWEST_JUDGED / rate), trace)
    return trace["materialised"]


async def run_ladder(endpoints: Endpoints, config: BenchConfig, infra_pids: dict[str, int]) -> dict[str, Any]:
    kafka, mongo = endpoints.kafka_bootstrap_servers, endpoints.mongodb_uri
    sample = [envelopes.nomination("raw", i, BENCH_EDITION) for i in range(max(config.messages, config.nominations))]
    messages = [(n.key, n.value) for n in sample[:config.messages]]
    documents = [(n.nomination_id, envelopes.view_document(n)) for n in sample[:config.nominations]]
    steps: dict[str, list[dict[str, Any]]] = {}

    say(f"L1 raw Kafka: {len(messages):,} messages × {config.runs}")
    await raw_kafka.measure(kafka, messages)  # a fresh broker's JVM compiles its hot paths: one full run
    steps["L1"] = await repeated("L1", config.runs, lambda: raw_kafka.measure(kafka, messages))

    say(f"L2 raw hops: {len(messages):,} messages through {len(raw_hops.HOPS) - 1} hops × {config.runs}")
    await raw_hops.measure(kafka, messages)
    steps["L2"] = await repeated("L2", config.runs, lambda: raw_hops.measure(kafka, messages))

    say(f"L3 raw database: {len(documents):,} guarded upserts × {config.runs}")
    await raw_database.measure(mongo, documents[:max(1, len(documents) // 10)])
    steps["L3"] = await repeated("L3", config.runs, lambda: raw_database.measure(mongo, documents))
    steps["L3_probe"] = [await raw_database.probe_unordered_refusals(mongo)]

    say(f"L4 system: {config.nominations:,} nominations, then {min(config.jury_scores, config.nominations):,} jury "
        f"scores, then {config.votes:,} votes × {config.runs} (each run on fresh services and databases)")
    steps["L4"] = await repeated("L4", config.runs, lambda: system_run(endpoints, config, infra_pids))

    ceiling = spread([r["materialised_per_s"] for r in steps["L4"]])["median"]
    base, of = ceiling, "L4"
    if config.sustainable_probes and config.latency_loads:
        say(f"sustainable rate: {config.sustainable_probes} probes of {config.probe_seconds:g}s between "
            f"{config.probe_low_fraction:.0%} of L4 and L4")
        found = await sustainable.search(lambda rate: probe(endpoints, config, rate), ceiling,
                                         config.sustainable_probes, config.probe_low_fraction, say)
        steps["sustainable"] = [found]
        base, of = found["per_s"], "sustainable" if found["verified"] else "unverified low end"
    for load in config.latency_loads:
        rate = load * base
        say(f"latency at {load:.0%} of {of} ({rate:.2f}/s) for {config.latency_seconds:.0f}s")
        steps[f"latency@{load:g}"] = [{"load": load, "of": of,
                                       **await latency_run(endpoints, config, rate, config.latency_seconds)}]

    if config.read_nominations:
        say(f"leaderboard reads: {config.read_rate:g}/s for {config.read_seconds:.0f}s over "
            f"{config.read_nominations:,} nominations (and /healthz at the same rate)")
        async with running_pipeline(endpoints, config.log_dir) as pipeline:
            steps["reads"] = [await reads.measure(pipeline, config.read_nominations, config.read_rate,
                                                  config.read_seconds)]
    return steps
