"""Demo evidence for the demo nominations: jury scores from the first edition's panels (no judge
scores a nominee of the judge's own country), engagement snapshots and public votes. Seeded, so every
run publishes the same events, and their ids are derived, so publishing again changes nothing.

    python -m infra.demo_scoring [--publish]
"""

import asyncio
import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer

from infra.demo_nominations import SOURCE as NOMINATION_SOURCE
from infra.demo_nominations import demo_events
from infra.judges import read_panels
from services.nomination.domain.model import nomination_id
from shared.edition import load_edition
from shared.events.envelope import derived_id
from shared.kafka_security import client_options
from shared.settings import CommonSettings

ROOT = Path(__file__).resolve().parent.parent
EDITION = ROOT / "editions" / "2024-first.yaml"
PANELS = ROOT / "editions" / "2024-first-judges.yaml"


def _event(kind: str, data: dict[str, Any], time: str, *identity: str) -> dict[str, Any]:
    return {"specversion": "1.0", "id": derived_id("demo", kind, *identity), "source": "urn:socialgov:awards:demo",
            "type": f"org.socialgov.awards.{kind}.v1", "time": time, "datacontenttype": "application/json",
            "data": data}


def demo_evidence(seed: int = 2024) -> list[tuple[str, str, dict[str, Any]]]:
    """(topic, key, event) for every demo nomination that the edition accepts."""
    rng = random.Random(seed)
    edition = load_edition(EDITION)
    judges = read_panels(PANELS)
    out: list[tuple[str, str, dict[str, Any]]] = []
    nominations = [e["data"] for e in demo_events() if not e["data"]["reference"].startswith("BAD")]
    for n in nominations:
        nid = nomination_id(NOMINATION_SOURCE, n["reference"])
        category = edition.category(n["category"])
        assert category is not None
        quality = rng.uniform(4, 9.5)  # each nominee has a level the judges roughly agree on
        panel = [j for j in judges if n["category"] in j.categories and j.country != n["country"]]
        for judge in rng.sample(panel, k=min(3, len(panel))):
            scores = {c.code: round(min(10.0, max(0.0, rng.gauss(quality, 1.0))) * 2) / 2 for c in category.criteria}
            out.append(("judging.scores", nid, _event("judging.score.submitted", {
                "nomination_id": nid, "judge_id": judge.judge_id, "version": 1, "scores": scores},
                f"2024-01-{rng.randint(2, 24):02d}T10:00:00Z", nid, judge.judge_id)))
        if n.get("metrics"):
            m = n["metrics"]
            out.append(("engagement.metrics", nid, _event("engagement.metrics.reported", {
                "nomination_id": nid, "source": "demo-monitor", "measured_from": "2023-10-01T00:00:00Z",
                "measured_to": "2023-12-31T00:00:00Z", "followers": m["followers"], "posts": m["posts"],
                "engagement_rate": m["engagement_rate"], "reply_rate": m["reply_rate"],
                "median_reply_minutes": m["median_reply_minutes"], "follower_growth": m["follower_growth"]},
                "2024-01-01T00:00:00Z", nid)))
    by_category: dict[str, list[str]] = {}
    for n in nominations:
        by_category.setdefault(n["category"], []).append(nomination_id(NOMINATION_SOURCE, n["reference"]))
    for v in range(1500):
        voted = rng.choice(sorted(by_category))
        voter = hashlib.sha256(f"demo-voter-{v}".encode()).hexdigest()
        choice = by_category[voted][min(int(rng.expovariate(0.15)), len(by_category[voted]) - 1)]
        scope = f"2024-first|{voted}|{voter}"
        out.append(("votes", scope, _event("vote.cast", {
            "nomination_id": choice, "edition_id": "2024-first", "category": voted, "voter": voter},
            f"2024-01-{rng.randint(6, 27):02d}T12:00:00Z", scope)))
    return out


async def publish(evidence: list[tuple[str, str, dict[str, Any]]], settings: CommonSettings) -> None:
    producer = AIOKafkaProducer(**client_options(settings), acks="all",
                                enable_idempotence=True, linger_ms=10)
    await producer.start()
    try:
        sent = [await producer.send(settings.topic(topic), json.dumps(event, ensure_ascii=False).encode(),
                                    key=key.encode()) for topic, key, event in evidence]
        await asyncio.gather(*sent)
    finally:
        await producer.stop()


if __name__ == "__main__":
    events = demo_evidence()
    if "--publish" in sys.argv:
        asyncio.run(publish(events, CommonSettings()))
    print(f"{len(events)} demo scores, snapshots and votes{' published' if '--publish' in sys.argv else ''}",
          file=sys.stderr)
