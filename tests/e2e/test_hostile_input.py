"""Hostile input on the real services: every HTTP endpoint fuzzed from its own OpenAPI document
(schemathesis), and hypothesis-generated events — Arabic and mixed-direction text, huge strings, deep
JSON, NaN and Infinity, duplicate keys, wrong types, MongoDB operators — published to every topic.
Nothing may answer 5xx, no consumer may stop, and every event either is handled or lands in its
dead-letter topic as unreadable (a dead letter for any other reason would be a bug of ours).

Budgets are bounded for CI: FUZZ_EXAMPLES per HTTP operation (default 15), FUZZ_EVENTS per topic (40)."""

import asyncio
import json
import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Err

from shared import topics
from shared.events.catalogue import adapter
from tests.e2e.conftest import INTAKE_KEY, OPERATOR_KEY, Pipeline
from tests.e2e.events import consumed, publish, read_all
from tests.waiting import eventually

STAFF_KEY = "fuzz-staff-key"
SETTINGS = {"staff_api_keys": {"fuzz-staff": STAFF_KEY}}
# Every role at once, so the fuzzer gets past authentication and reaches the bodies.
EVERY_KEY = {"X-API-Key": INTAKE_KEY, "X-Judge-Key": "key-j-jo-01", "X-Staff-Key": STAFF_KEY,
             "X-Operator-Key": OPERATOR_KEY}
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 15))
EVENTS = int(os.environ.get("FUZZ_EVENTS", 40))
# The stream never ends by design; a rebuild moves the results service to a new consumer group, which the
# event test below would then wait for in vain (rebuilds are tested in test_rebuild_by_replay).
SKIPPED = {("GET", "/editions/{edition_id}/stream"), ("POST", "/rebuild")}
ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
TEXT = st.one_of(st.text(ARABIC, max_size=40), st.text(max_size=40), st.sampled_from([
    "\u202eevil\u202c", "وزارة ‏Health‏ الصحة", "$where", "{\"$gt\": \"\"}", "a.b", "$set", "x" * 70_000]))
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | TEXT,
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                    max_leaves=30)


def fuzz_operations(url: str) -> list[str]:
    """Runs every operation's examples; returns what answered 5xx."""
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    failures: list[str] = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def call(case: Any) -> None:
            response = case.call(base_url=url, headers=EVERY_KEY, timeout=30)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}")

        call()
    return failures


async def test_no_http_endpoint_answers_5xx_to_fuzzed_requests(pipeline: Pipeline) -> None:
    failures: list[str] = []
    for service in pipeline.services.values():
        failures += await asyncio.to_thread(fuzz_operations, service.url)
    assert not failures, failures


def envelope(kind: str, data: Any) -> dict[str, Any]:
    return {"specversion": "1.0", "id": "fuzz", "source": "urn:fuzz", "type": f"org.socialgov.awards.{kind}.v1",
            "time": "2024-01-10T10:00:00Z", "datacontenttype": "application/json", "data": data}


@st.composite
def hostile_event(draw: Any) -> bytes:
    kind = draw(st.sampled_from(["nomination.submitted", "judging.score.submitted", "vote.cast",
                                 "engagement.metrics.reported", "judge.registered", "edition.published",
                                 "standing.updated", "nomination.accepted", "unknown.thing"]))
    shape = draw(st.integers(0, 5))
    if shape == 0:  # any JSON at all
        return json.dumps(draw(JSON), allow_nan=True).encode()
    if shape == 1:  # a plausible envelope with hostile data
        return json.dumps(envelope(kind, draw(JSON)), allow_nan=True, ensure_ascii=False).encode()
    if shape == 2:  # NaN, Infinity and duplicate keys, which strict JSON does not have
        return (b'{"specversion":"1.0","id":"a","id":"b","source":"urn:x","type":"org.socialgov.awards.'
                + kind.encode() + b'.v1","time":"2024-01-10T10:00:00Z","data":{"scores":{"a":NaN,"b":Infinity}}}')
    if shape == 3:  # deep nesting
        depth = draw(st.integers(50, 3000))
        return b'{"data":' * depth + b"1" + b"}" * depth
    if shape == 4:  # wrong types in the envelope
        return json.dumps({**envelope(kind, {}), "time": draw(JSON), "id": draw(JSON)}, allow_nan=True).encode()
    return draw(st.binary(max_size=300))  # not even text


def hostile_events(count: int) -> list[bytes]:
    found: list[bytes] = []

    @settings(max_examples=count, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(hostile_event())
    def collect(raw: bytes) -> None:
        found.append(raw)

    collect()
    return found


async def test_hostile_events_never_stop_a_consumer(pipeline: Pipeline) -> None:
    settings_ = pipeline.settings
    consumed_topics = [t for t in topics.ALL if t is not topics.NOTIFICATIONS_SENT]
    events = await asyncio.to_thread(hostile_events, EVENTS)
    for topic in consumed_topics:
        await publish(settings_.kafka_bootstrap_servers, settings_.topic(topic.name),
                      [(b"fuzz", raw) for raw in events])
    readers = {"nomination": [topics.NOMINATIONS_SUBMITTED, topics.EDITIONS],
               "scoring": [topics.NOMINATIONS_SCREENED, topics.JUDGING_PANEL, topics.JUDGING_SCORES,
                           topics.ENGAGEMENT_METRICS, topics.VOTES, topics.EDITIONS],
               "notification": [topics.NOMINATIONS_SCREENED, topics.JUDGING_REJECTED, topics.JURY_AUDIT,
                                topics.CATEGORY_MILESTONES, topics.EDITIONS, topics.VOTER_CODES],
               "results": [topics.NOMINATIONS_SCREENED, topics.SCORES_UPDATED, topics.EDITIONS]}
    for service, read in readers.items():
        for topic in read:
            async def caught_up(group: str = settings_.consumer_group(service),
                                topic_name: str = settings_.topic(topic.name)) -> bool:
                return await consumed(settings_.kafka_bootstrap_servers, group, topic_name)
            await eventually(caught_up, timeout_s=180, what=f"{service} to get through {topic.name}")
    for running in pipeline.services.values():
        assert running.process is not None and running.process.poll() is None, f"{running.name} died"
    for topic in consumed_topics:
        unreadable = sum(1 for raw in events if not _readable(topic, raw))
        letters = await read_all(settings_.kafka_bootstrap_servers, settings_.topic(topic.dead_letter))
        reasons = {dict(r.headers).get("x-dlq-error-type", b"").decode() for r in letters}
        assert reasons <= {"UnreadableEvent"}, f"{topic.name}: a handler failed on a readable event: {reasons}"
        readers_of_topic = sum(topic in read for read in readers.values())
        assert len(letters) == unreadable * readers_of_topic, topic.name


def _readable(topic: topics.Topic, raw: bytes) -> bool:
    try:
        adapter(topic).validate_json(raw)
        return True
    except ValueError:
        return False
