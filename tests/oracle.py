"""An independent recomputation of standings from raw evidence, written plainly (no shared code with
the scoring service beyond the edition file), to check the service's numbers against."""

from dataclasses import dataclass, field
from typing import Any

INDICATORS = {"engagement_rate": 1, "reply_rate": 1, "median_reply_minutes": -1, "follower_growth": 1}


@dataclass
class Raw:
    """Evidence as events: nomination → (category, country); judges → (country, categories)."""

    nominations: dict[str, tuple[str, str]] = field(default_factory=dict)
    judges: dict[str, tuple[str, set[str]]] = field(default_factory=dict)
    scores: list[tuple[str, str, int, dict[str, float]]] = field(default_factory=list)
    metrics: list[tuple[str, str, dict[str, float]]] = field(default_factory=list)  # (nid, measured_to, values)
    votes: list[tuple[str, str]] = field(default_factory=list)                       # (voter scope, nid)


def expected_standings(raw: Raw, edition: dict[str, Any], category: str) -> dict[str, dict[str, Any]]:
    cat = next(c for c in edition["categories"] if c["code"] == category)
    weights = {c["code"]: c["weight"] for c in cat["criteria"]}
    members = [n for n, (c, _) in raw.nominations.items() if c == category]

    best: dict[tuple[str, str], tuple[int, dict[str, float]]] = {}
    for nid, judge, version, scores in raw.scores:
        if nid not in members or judge not in raw.judges:
            continue
        judge_country, panels = raw.judges[judge]
        valid = (category in panels and judge_country != raw.nominations[nid][1]
                 and set(scores) == set(weights) and all(0 <= v <= 10 for v in scores.values()))
        if valid and ((nid, judge) not in best or best[(nid, judge)][0] < version):
            best[(nid, judge)] = (version, scores)

    latest: dict[str, tuple[str, dict[str, float]]] = {}
    for nid, measured_to, values in raw.metrics:
        if nid in members and (nid not in latest or latest[nid][0] < measured_to):
            latest[nid] = (measured_to, values)

    counted: dict[str, str] = {}
    for scope, nid in raw.votes:
        counted.setdefault(scope, nid)
    votes = {n: sum(1 for v in counted.values() if v == n) for n in members}
    total_votes = sum(votes.values())

    iw = edition.get("indicator_weights") or {"engagement_rate": 30, "reply_rate": 30,
                                              "median_reply_minutes": 20, "follower_growth": 20}
    cw = edition["component_weights"]
    result = {}
    for nid in members:
        sheets = [s for (n, _), (_, s) in best.items() if n == nid]
        jury = (sum(weights[c] * sum(s[c] for s in sheets) / len(sheets) for c in weights) / 10
                if sheets else None)
        metric = None
        if nid in latest:
            ranks = {}
            for name, direction in INDICATORS.items():
                mine = latest[nid][1][name] * direction
                others = [latest[o][1][name] * direction for o in latest]
                worse = sum(1 for x in others if x < mine)
                equal = sum(1 for x in others if x == mine)
                ranks[name] = (worse + 0.5 * equal) / len(others)
            metric = 100 * sum(iw[name] * ranks[name] for name in INDICATORS) / sum(iw.values())
        public = 100 * votes[nid] / total_votes if total_votes else None
        parts = [(cw["jury"], jury), (cw["metrics"], metric), (cw["public"], public)]
        result[nid] = {"standing": sum(w * c for w, c in parts if c is not None) / 100,
                       "jury": jury, "metrics": metric, "public": public, "judges": len(sheets),
                       "votes": votes[nid]}
    return result
