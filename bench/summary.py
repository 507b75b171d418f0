"""The headline figures derived from the runs of every step: medians with min–max, the ratio of the
system to its raw ceilings, latency per offered load, CPU and memory per process."""

from typing import Any

from .stats import spread


def summarise(steps: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    throughput = {
        "L1_raw_kafka_msgs_per_s": spread([r["per_s"] for r in steps["L1"]]),
        "L2_raw_hops_msgs_per_s": spread([r["per_s"] for r in steps["L2"]]),
        "L3_raw_database_docs_per_s": spread([r["per_s"] for r in steps["L3"]]),
        "L3_update_docs_per_s": spread([r["update_per_s"] for r in steps["L3"]]),
        "L4_screened_per_s": spread([r["screened_per_s"] for r in steps["L4"]]),
        "L4_materialised_per_s": spread([r["materialised_per_s"] for r in steps["L4"]]),
    }
    if all("jury" in r for r in steps["L4"]):
        throughput["L4_jury_scores_per_s"] = spread([r["jury"]["per_s"] for r in steps["L4"]])
    if all("votes" in r for r in steps["L4"]):
        throughput["L4_votes_per_s"] = spread([r["votes"]["per_s"] for r in steps["L4"]])
    if "sustainable" in steps and steps["sustainable"][0]["verified"]:  # else no probe kept up: no rate to show
        throughput["L4_sustainable_stream_per_s"] = spread([r["per_s"] for r in steps["sustainable"]])
    raw_ceiling = min(throughput["L2_raw_hops_msgs_per_s"]["median"],
                      throughput["L3_raw_database_docs_per_s"]["median"])
    processes = steps["L4"][0]["cpu_s_per_1000"].keys()
    return {
        "throughput": throughput,
        "ratio_L4_to_min_L2_L3": throughput["L4_materialised_per_s"]["median"] / raw_ceiling,
        "sustainable": steps["sustainable"][0] if "sustainable" in steps else None,
        "latency": {name.split("@")[1]: {k: runs[0][k] for k in ("of", "offered_per_s", "nominations", "screened",
                                                                 "materialised", "poll_cycle_ms", "send_late_ms")}
                    for name, runs in steps.items() if name.startswith("latency@")},
        "cpu_s_per_1000_nominations": {p: spread([r["cpu_s_per_1000"][p] for r in steps["L4"]]) for p in processes},
        "peak_rss_mib": {p: max(r["peak_rss_mib"][p] for r in steps["L4"]) for p in processes},
        "read_model_complete": all(r["read_model_complete"] and r.get("jury", {}).get("read_model_complete", True)
                                   and r.get("votes", {}).get("read_model_complete", True) for r in steps["L4"]),
        "database_honours_unordered_bulk": steps["L3_probe"][0]["honours_unordered"],
        "database_time_per_1000_nominations": _median_run(steps["L4"]).get("database_time", []),
        "leaderboard_reads": _reads(steps["reads"][0]) if "reads" in steps else None,
    }


def _reads(run: dict[str, Any]) -> dict[str, Any]:
    return {"nominations": run["nominations"], "page": run["page"], "seconds": run["seconds"],
            **{kind: {k: run[kind][k] for k in ("offered_per_s", "achieved_per_s", "p50_ms", "p99_ms", "p999_ms",
                                                "max_ms", "samples", "failures")}
               for kind in ("leaderboard", "baseline_healthz")}}


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The L4 run whose throughput is the median: its profile stands for the step."""
    return sorted(runs, key=lambda r: r["materialised_per_s"])[len(runs) // 2]
