"""The ladder as a small SVG bar chart, written by hand (no plotting dependency): one bar per step at
its median on a logarithmic axis, a whisker from min to max."""

import math
from html import escape
from typing import Any

BARS = (("L1_raw_kafka_msgs_per_s", "L1 raw Kafka"), ("L2_raw_hops_msgs_per_s", "L2 raw hops ×3"),
        ("L3_raw_database_docs_per_s", "L3 raw database"), ("L4_screened_per_s", "L4 screened"),
        ("L4_materialised_per_s", "L4 fully materialised"), ("L4_jury_scores_per_s", "L4 jury scores"),
        ("L4_votes_per_s", "L4 votes"), ("L4_sustainable_stream_per_s", "L4 sustainable stream"))
WIDTH, LEFT, RIGHT, TOP, ROW = 760, 170, 110, 40, 34


def svg(result: dict[str, Any]) -> str:
    figures = [(label, result["summary"]["throughput"][key]) for key, label in BARS
               if key in result["summary"]["throughput"]]
    low = 10 ** math.floor(math.log10(max(min(f["min"] for _, f in figures), 1e-3)))
    high = 10 ** math.ceil(math.log10(max(f["max"] for _, f in figures)))
    plot = WIDTH - LEFT - RIGHT
    height = TOP + ROW * len(figures) + 40

    def x(value: float) -> float:
        return LEFT + plot * (math.log10(max(value, low)) - math.log10(low)) / (math.log10(high) - math.log10(low))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'font-family="sans-serif" font-size="12">',
             f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
             f'<text x="10" y="20" font-size="14">Benchmark ladder, {escape(result["started_at"])}: per second, '
             f'median (bar) and min–max (whisker), log scale</text>']
    decade = low
    while decade <= high:
        parts.append(f'<line x1="{x(decade):.1f}" y1="{TOP - 6}" x2="{x(decade):.1f}" '
                     f'y2="{TOP + ROW * len(figures)}" stroke="#ddd"/>')
        parts.append(f'<text x="{x(decade):.1f}" y="{TOP + ROW * len(figures) + 16}" text-anchor="middle" '
                     f'fill="#555">{decade:,.0f}</text>' if decade >= 1 else "")
        decade *= 10
    for row, (label, f) in enumerate(figures):
        y = TOP + ROW * row
        parts += [f'<text x="{LEFT - 8}" y="{y + 17}" text-anchor="end">{escape(label)}</text>',
                  f'<rect x="{LEFT}" y="{y + 5}" width="{x(f["median"]) - LEFT:.1f}" height="18" '
                  f'fill="{"#2b6cb0" if label.startswith("L4") else "#90a4c0"}"/>',
                  f'<line x1="{x(f["min"]):.1f}" y1="{y + 14}" x2="{x(f["max"]):.1f}" y2="{y + 14}" '
                  f'stroke="black"/>',
                  f'<text x="{x(f["max"]) + 6:.1f}" y="{y + 18}">{f["median"]:,.1f}/s</text>']
    ratio = result["summary"]["ratio_L4_to_min_L2_L3"]
    parts.append(f'<text x="{LEFT}" y="{height - 6}" fill="#333">L4 / min(L2, L3) = {ratio:.4f}</text>')
    parts.append("</svg>")
    return "\n".join(p for p in parts if p) + "\n"
