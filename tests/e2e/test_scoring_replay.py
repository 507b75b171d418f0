"""A randomised edition through the real scoring service: its standings agree with the independent
oracle, and a second instance that replays every topic from the beginning into an empty database
arrives at the identical standings, bit for bit."""

import asyncio
import hashlib
import json
import random
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from pymongo import AsyncMongoClient

from infra.edition import publish as publish_edition
from infra.judges import publish as publish_judges
from infra.judges import read_panels
from infra.topics import ensure_topics
from shared.edition import load_edition
from tests.conftest import isolated_settings
from tests.e2e.conftest import FIRST_EDITION, PANELS
from tests.e2e.events import cloud_event, publish
from tests.e2e.processes import ServiceProcess
from tests.infrastructure import Infrastructure
from tests.oracle import Raw, expected_standings
from tests.waiting import eventually
from tools.system import SystemSettings

COUNTRIES = ["EG", "JO", "IQ", "AE", "SA", "TN", "MA"]
INPUTS = ["nominations.screened", "judging.scores", "engagement.metrics", "votes", "editions", "judging.panel"]


def randomised_edition(seed: int) -> tuple[list[tuple[str, str, bytes]], Raw]:
    """(topic, key, event) in publish order, and the same evidence for the oracle."""
    rng = random.Random(seed)
    edition = load_edition(FIRST_EDITION)
    judges = read_panels(PANELS)
    raw = Raw(judges={j.judge_id: (j.country, set(j.categories)) for j in judges})
    out: list[tuple[str, str, bytes]] = []
    categories = {"digital-content": 90, "platforms-apps": 40}
    for category, count in categories.items():
        criteria = edition.criterion_codes(category)
        panel = [j.judge_id for j in judges if category in j.categories]
        for i in range(count):
            nid, country = f"{category}-{seed}-{i:03d}", rng.choice(COUNTRIES)
            raw.nominations[nid] = (category, country)
            out.append(("nominations.screened", nid, cloud_event("nomination.accepted", {
                "nomination_id": nid, "reference": nid, "submitted_by": "urn:test", "edition_id": "2024-first",
                "category": category, "country": country,
                "nominee": {"kind": "account" if category == "platforms-apps" else "entity",
                            "name_ar": f"جهة {nid}", "organisation_type": "agency"}, "accounts": []},
                time=f"2023-11-{1 + i % 28:02d}T10:00:00Z", source="urn:socialgov:awards:nomination")))
            for judge in rng.sample(panel, k=min(len(panel), rng.randint(1, 4))):
                for version in rng.sample([1, 2], k=rng.choice([1, 2])):  # re-scores, sometimes out of order
                    scores = {c: rng.randint(0, 20) / 2 for c in criteria}
                    raw.scores.append((nid, judge, version, scores))
                    out.append(("judging.scores", nid, cloud_event("judging.score.submitted", {
                        "nomination_id": nid, "judge_id": judge, "version": version, "scores": scores},
                        time="2024-01-10T10:00:00Z")))
            for day in rng.sample(range(1, 28), k=rng.randint(0, 3)):
                values = {"engagement_rate": rng.choice([0.01, 0.03, 0.07]), "reply_rate": rng.choice([0.3, 0.6, 0.9]),
                          "median_reply_minutes": rng.choice([10.0, 60.0, 600.0]),
                          "follower_growth": rng.choice([0.0, 0.2, 0.5])}
                measured_to = f"2023-12-{day:02d}T00:00:00Z"
                raw.metrics.append((nid, measured_to, values))
                out.append(("engagement.metrics", nid, cloud_event("engagement.metrics.reported", {
                    "nomination_id": nid, "source": "monitor", "measured_from": "2023-11-01T00:00:00Z",
                    "measured_to": measured_to, "followers": 1000, "posts": 50, **values}, time=measured_to)))
    voters = [hashlib.sha256(f"voter-{seed}-{v}".encode()).hexdigest() for v in range(300)]
    nominations = list(raw.nominations)
    for _ in range(700):
        nid = rng.choice(nominations)
        category = raw.nominations[nid][0]
        scope = f"2024-first|{category}|{rng.choice(voters)}"
        raw.votes.append((scope, nid))
        out.append(("votes", scope, cloud_event("vote.cast", {
            "nomination_id": nid, "edition_id": "2024-first", "category": category, "voter": scope.rsplit("|", 1)[1]},
            time="2024-01-12T10:00:00Z")))
    votes = [e for e in out if e[0] == "votes"]
    others = [e for e in out if e[0] != "votes"]
    rng.shuffle(others)  # scores may arrive before their nomination: they wait for it
    return others + votes, raw


async def caught_up(settings: SystemSettings) -> bool:
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    await consumer.start()
    try:
        committed = await admin.list_consumer_group_offsets(settings.consumer_group("scoring"))
        positions = {tp: meta.offset for tp, meta in committed.items()}
        wanted = [tp for tp in positions if tp.topic in {settings.topic(t) for t in INPUTS}]
        ends = await consumer.end_offsets(wanted) if wanted else {}
        expected_topics = {settings.topic(t) for t in INPUTS if t not in ("editions", "judging.panel")}
        return ({tp.topic for tp in wanted} >= expected_topics
                and all(positions[tp] >= ends[tp] for tp in wanted))
    finally:
        await admin.close()
        await consumer.stop()


async def settled_standings(mongo: AsyncMongoClient, settings: SystemSettings, count: int) -> dict[str, Any]:
    collection = mongo[settings.database_name("scoring")]["nominations"]

    async def snapshot() -> dict[str, Any]:
        return {d["_id"]: d["standing"] async for d in collection.find({"standing": {"$exists": True}})}

    await eventually(lambda: caught_up(settings), timeout_s=240, what="scoring to consume every input")
    previous: dict[str, Any] = {}
    for _ in range(120):
        current = await snapshot()
        if len(current) == count and current == previous:
            return current
        previous = current
        await asyncio.sleep(1.0)
    raise AssertionError(f"standings did not settle ({len(previous)} of {count})")


@pytest.mark.timeout(600)
async def test_standings_agree_with_the_oracle_and_a_replay_reproduces_them_bit_for_bit(
    infrastructure: Infrastructure, mongo_client: AsyncMongoClient, tmp_path: Path
) -> None:
    live = isolated_settings(infrastructure, standings_interval_s=0.3)
    await ensure_topics(live.bootstrap_servers, live.topic_prefix)
    await publish_edition(load_edition(FIRST_EDITION), live)
    await publish_judges(read_panels(PANELS), live)
    events, raw = randomised_edition(seed=7)

    first = ServiceProcess("scoring", live, tmp_path).start()
    try:
        await asyncio.to_thread(first.wait_ready)
        for topic in dict.fromkeys(t for t, _, _ in events):
            await publish(live.kafka_bootstrap_servers, live.topic(topic),
                          [(k.encode(), e) for t, k, e in events if t == topic])
        standings = await settled_standings(mongo_client, live, len(raw.nominations))
    finally:
        await asyncio.to_thread(first.terminate)

    edition = load_edition(FIRST_EDITION).model_dump(mode="json")
    for category in ("digital-content", "platforms-apps"):
        for nid, expected in expected_standings(raw, edition, category).items():
            got = standings[nid]
            assert got["standing"] == pytest.approx(expected["standing"], abs=1e-5), nid
            assert (got["judges"], got["votes"]) == (expected["judges"], expected["votes"]), nid
            for part in ("jury", "metrics", "public"):
                assert got["components"][part] == (pytest.approx(expected[part], abs=1e-5)
                                                   if expected[part] is not None else None), (nid, part)

    replay = live.model_copy(update={"database_prefix": live.database_prefix + "replay_",
                                     "consumer_group_suffix": "-replay"})
    second = ServiceProcess("scoring", replay, tmp_path).start()
    try:
        await asyncio.to_thread(second.wait_ready)
        replayed = await settled_standings(mongo_client, replay, len(raw.nominations))
    finally:
        await asyncio.to_thread(second.terminate)
    assert json.dumps(replayed, sort_keys=True) == json.dumps(standings, sort_keys=True)
