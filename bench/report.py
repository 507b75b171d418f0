"""The table printed at the end of a bench run."""

from typing import Any

ROWS = (  # summary key, label, unit
    ("L1_raw_kafka_msgs_per_s", "L1 raw Kafka (produce → consume)", "msgs/s"),
    ("L2_raw_hops_msgs_per_s", "L2 raw hops (3 × consume → parse → produce)", "msgs/s"),
    ("L3_raw_database_docs_per_s", "L3 raw database (guarded upserts, bulk 500)", "docs/s"),
    ("L3_update_docs_per_s", "   then a newer version of each (updates)", "docs/s"),
    ("L4_screened_per_s", "L4 system: screened in the read model", "noms/s"),
    ("L4_materialised_per_s", "L4 system: screened + standing (fully)", "noms/s"),
    ("L4_jury_scores_per_s", "L4 system: jury score → new standing stored", "scores/s"),
    ("L4_votes_per_s", "L4 system: vote → counted in the read model", "votes/s"),
    ("L4_sustainable_stream_per_s", "L4 system: sustainable stream (open loop)", "noms/s"),
)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}" if value >= 10 else f"{value:,.2f}"


def table(result: dict[str, Any]) -> str:
    summary, config, machine = result["summary"], result["config"], result["environment"]["machine"]
    lines = [f"Benchmark ladder, {result['started_at']} ({machine['cores']} cores, load average "
             f"{machine['load_average_before'][0]:.2f} before / {machine['load_average_after'][0]:.2f} after; "
             f"shared machine)",
             f"{config['runs']} measured runs per step after a warm-up; median and min–max; "
             f"{config['messages']:,} messages (L1, L2), {config['nominations']:,} nominations (L3, L4) of "
             f"{result['message_bytes']['mean']:.0f} bytes on average",
             "", f"{'step':<48}{'unit':<8}{'median':>10}  {'min–max':>19}"]
    for key, label, unit in ROWS:
        if key not in summary["throughput"]:
            continue
        figure = summary["throughput"][key]
        lines.append(f"{label:<48}{unit:<8}{_number(figure['median']):>10}  "
                     f"{_number(figure['min']) + '–' + _number(figure['max']):>19}")
    lines.append(f"{'L4 / min(L2, L3)':<48}{'ratio':<8}{summary['ratio_L4_to_min_L2_L3']:>10.4f}")
    if found := summary.get("sustainable"):
        verified = "" if found["verified"] else " — NOT verified: no probe kept up"
        lines.append(f"  sustainable: over a {config['probe_seconds']:g} s stream the median latency of each "
                     f"quarter after the first ≤ {found['backlog_allowed_s']:g} s, the last's ≤ the second's + "
                     f"{found['growth_allowed_s']:g} s{verified}; probes (quarters' medians, ms):")
        lines += [f"    {p['offered_per_s']:>7.1f}/s {'keeps up    ' if p['keeps_up'] else 'falls behind'} "
                  + " / ".join(f"{m:,.0f}" for m in p["quarters_p50_ms"]) for p in found["probes"]]
    if summary["latency"]:
        lines += ["", f"{'latency, publish → read model (open loop)':<48}{'p50':>9}{'p99':>9}{'p99.9':>9}{'max':>9}"
                      f"{'samples':>9}  ms"]
        for load, figures in summary["latency"].items():
            for stage in ("screened", "materialised"):
                f = figures[stage]
                label = f"{float(load):.0%} of {figures['of']} = {figures['offered_per_s']:.1f}/s, {stage}"
                lines.append(f"{label:<48}{f['p50_ms']:>9.0f}{f['p99_ms']:>9.0f}{f['p999_ms']:>9.0f}"
                             f"{f['max_ms']:>9.0f}{f['samples']:>9}")
        cycle = next(iter(summary["latency"].values()))["poll_cycle_ms"]
        lines.append(f"  write times resolved by polling committed offsets: cycle p50 {cycle['p50']:.0f} ms, "
                     f"p99 {cycle['p99']:.0f} ms (+ one commit round trip)")
    if summary.get("leaderboard_reads"):
        reads = summary["leaderboard_reads"]
        lines += ["", f"{'reads, open loop, ' + format(reads['nominations'], ',') + ' nominations':<48}{'p50':>9}"
                      f"{'p99':>9}{'p99.9':>9}{'max':>9}{'served/s':>10}  ms"]
        for kind, label in (("leaderboard", f"leaderboard page of {reads['page']}"),
                            ("baseline_healthz", "baseline: GET /healthz")):
            f = reads[kind]
            failed = f", {sum(f['failures'].values())} failed" if f["failures"] else ""
            lines.append(f"{label + ' at ' + format(f['offered_per_s'], 'g') + '/s' + failed:<48}{f['p50_ms']:>9.1f}"
                         f"{f['p99_ms']:>9.1f}{f['p999_ms']:>9.1f}{f['max_ms']:>9.1f}{f['achieved_per_s']:>10.0f}")
    lines += ["", f"{'process (during L4)':<20}{'CPU s / 1000 nominations (median, min–max)':>44}{'peak RSS MiB':>15}"]
    for name, cpu in summary["cpu_s_per_1000_nominations"].items():
        lines.append(f"{name:<20}{_number(cpu['median']):>28}  {_number(cpu['min']) + '–' + _number(cpu['max']):>14}"
                     f"{summary['peak_rss_mib'][name]:>15.0f}")
    if summary.get("database_time_per_1000_nominations"):
        lines += ["", f"{'database time during L4 (median run), client view':<60}{'commands':>10}{'seconds':>10}"
                      "  per 1000 nominations"]
        for row in summary["database_time_per_1000_nominations"]:
            label = f"{row['service']}: {row['command']} {row['collection']}"
            lines.append(f"{label:<60}{row['commands_per_1000']:>10,.0f}{row['seconds_per_1000']:>10.1f}")
    if not summary["database_honours_unordered_bulk"]:
        lines.append("note: this database server stops an unordered bulk write at the first write refused as not "
                     "newer (L3 probe); the timed L3 passes contain no such write")
    if not summary["read_model_complete"]:
        lines.append("WARNING: a read model held fewer documents than published")
    return "\n".join(lines)
