"""`make bench` on tiny inputs against the suite's infrastructure: the ladder completes and writes its
result with every key docs/performance.md and the table rely on. No timing is asserted: numbers from a shared
test machine prove nothing, and the bench reports them rather than judging them."""

import json
from pathlib import Path

from bench import session, stages
from bench.config import BenchConfig
from bench.pipeline import Endpoints
from bench.report import table
from tests.infrastructure import Infrastructure


def tiny(out_dir: Path) -> BenchConfig:
    """The ladder at its smallest: every step runs, none measures anything meaningful."""
    return BenchConfig(runs=1, nominations=50, messages=300, warmup_nominations=5, jury_scores=10, votes=20,
                       latency_seconds=3.0, latency_loads=(0.5,), sustainable_probes=1, probe_seconds=2.0,
                       read_nominations=200, read_rate=20.0, read_seconds=2.0, out_dir=out_dir)


async def test_the_bench_completes_and_writes_its_result(infrastructure: Infrastructure, tmp_path: Path) -> None:
    config = tiny(tmp_path)
    endpoints = Endpoints(infrastructure.kafka_bootstrap_servers, infrastructure.mongodb_uri)

    result, files = await session.run(endpoints, config, infra_pids={})

    written = json.loads(files["latest"].read_text(encoding="utf-8"))
    assert {"started_at", "duration_s", "config", "environment", "message_bytes", "summary", "steps"} <= written.keys()
    versions = written["environment"]["versions"]
    assert {"kafka", "ferretdb", "python", "aiokafka", "pymongo", "faststream"} <= versions.keys()
    assert written["environment"]["machine"]["cores"] >= 1
    summary = written["summary"]
    assert {"L1_raw_kafka_msgs_per_s", "L2_raw_hops_msgs_per_s", "L3_raw_database_docs_per_s", "L4_screened_per_s",
            "L4_materialised_per_s", "L4_jury_scores_per_s", "L4_votes_per_s"} <= summary["throughput"].keys()
    assert {"median", "min", "max", "runs"} <= summary["throughput"]["L4_materialised_per_s"].keys()
    assert "ratio_L4_to_min_L2_L3" in summary
    assert {"p50_ms", "p99_ms", "p999_ms", "samples"} <= summary["latency"]["0.5"]["screened"].keys()
    found = summary["sustainable"]
    assert len(found["probes"]) in (1, 2), found  # a second probe, at the low end, when the first fell behind
    assert found["per_s"] in [p["offered_per_s"] for p in found["probes"]]
    assert found["verified"] == any(p["keeps_up"] for p in found["probes"])
    assert all(len(p["quarters_p50_ms"]) == 4 for p in found["probes"])
    assert summary["latency"]["0.5"]["offered_per_s"] == 0.5 * found["per_s"]
    if found["verified"]:
        assert summary["latency"]["0.5"]["of"] == "sustainable"
        assert summary["throughput"]["L4_sustainable_stream_per_s"]["median"] == found["per_s"]
    assert set(summary["cpu_s_per_1000_nominations"]) == {"nomination", "scoring", "notification", "results"}
    assert set(summary["peak_rss_mib"]) == {"nomination", "scoring", "notification", "results"}
    assert summary["read_model_complete"]
    assert files["latest"].with_suffix(".svg").read_text(encoding="utf-8").startswith("<svg")
    reads = summary["leaderboard_reads"]
    assert reads["nominations"] == config.read_nominations
    assert reads["leaderboard"]["samples"] == config.read_rate * config.read_seconds, reads["leaderboard"]
    assert not reads["leaderboard"]["failures"] and reads["baseline_healthz"]["samples"] > 0
    assert {(row["service"], row["collection"]) for row in summary["database_time_per_1000_nominations"]} >= {
        ("results", "nominations_view")}, "the services' database time was not read from their /metrics"
    assert "L4 / min(L2, L3)" in table(result) and "leaderboard page" in table(result)
    assert "sustainable: over a" in table(result)


async def test_the_stage_breakdown_accounts_for_every_nomination(infrastructure: Infrastructure,
                                                                  tmp_path: Path) -> None:
    config = tiny(tmp_path)
    endpoints = Endpoints(infrastructure.kafka_bootstrap_servers, infrastructure.mongodb_uri)

    result = await stages.measure(endpoints, config, {}, rate=10.0, seconds=2.0, warmup_seconds=1.0)

    assert set(result["stages"]) == {"nomination", "results (screening)", "scoring", "results (standing)"}
    assert all(figures["samples"] == 20 for figures in result["stages"].values()), result["stages"]
    assert result["warmup"]["materialised"]["samples"] == 10 and result["latency"]["materialised"]["samples"] == 20
    assert set(result["cores"]) == {"nomination", "scoring", "notification", "results", "mail sink", "bench"}
    assert {row["service"] for row in result["database_time"]} >= {"nomination", "scoring", "results"}
    assert any(row["service"] == "nomination" and row["topic"].endswith("nominations.submitted")
               and row["events_per_batch"] >= 1 for row in result["batches"]), result["batches"]
    assert "end to end, materialised" in stages.table(result) and "batches handled" in stages.table(result)
    assert "after 1 s warm-up" in stages.table(result) and "the warm-up before it, not counted" in stages.table(result)
