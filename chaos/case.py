"""One case of the matrix: a fresh pipeline, the steady load, the fault in the middle of it, then the
wait until every consumer group has caught up, the lag figures and the counts."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient

from bench.pipeline import Endpoints, RunningPipeline, running_pipeline
from infra.mail_sink import MailSink
from infra.stack import LocalStack
from shared.lag import lag_of
from shared.runtime import reads_of
from tools.system import SERVICES

from .audit import COUNTED, counts
from .faults import Fault
from .intake_probe import INTAKE_KEY, INTAKE_KEY_NAME, IntakeAnswers, probe_intake
from .load import Acked, steady_load
from .rebuild_check import boards_differ_from_rebuild

STEADY_LAG = 0  # events behind, summed over every group: caught up means everything committed
SETTLE_TIMEOUT_S = 240.0
CONVERGE_TIMEOUT_S = 30.0
STALE_CLAIM_S = 10.0


async def run_case(stack: LocalStack, endpoints: Endpoints, fault: Fault, rate: float, seconds: float,
                   log_dir: Path) -> dict[str, Any]:
    sink = MailSink().start()
    client: AsyncMongoClient = AsyncMongoClient(endpoints.mongodb_uri, tz_aware=True)
    try:
        # A send cut off by a kill is resent once its claim is this old (60 s by default): shorter here, so
        # the resend falls inside the wait for final read models instead of after the counting.
        async with running_pipeline(endpoints, log_dir, smtp_port=sink.port, delivery_stale_claim_s=STALE_CLAIM_S,
                                    intake_api_keys={INTAKE_KEY_NAME: INTAKE_KEY}) as pipeline:
            try:
                await fault.setup(pipeline)
                return await _under_load(stack, endpoints, fault, rate, seconds, pipeline, client, sink)
            finally:
                await fault.teardown(pipeline)
    finally:
        sink.stop()
        await client.close()


async def _under_load(stack: LocalStack, endpoints: Endpoints, fault: Fault, rate: float, seconds: float,
                      pipeline: RunningPipeline, client: AsyncMongoClient, sink: MailSink) -> dict[str, Any]:
    reads: dict[str, list[str]] = {}
    for service in SERVICES.values():  # the groups and topics each service reads, from its own wiring
        reads |= reads_of(service.build(pipeline.settings).broker)
    samples: list[tuple[float, int]] = []
    acked = Acked()
    started = time.monotonic()
    load = asyncio.create_task(steady_load(endpoints.kafka_bootstrap_servers, pipeline.settings.topic_prefix,
                                           pipeline.edition.id, pipeline.run, rate, seconds, acked))
    sampler = asyncio.create_task(_sample(endpoints, reads, samples, started))
    intake = IntakeAnswers()
    prober = asyncio.create_task(probe_intake(pipeline.services["nomination"].url, pipeline.edition.id,
                                              pipeline.run, intake))
    await asyncio.sleep(seconds / 3)
    fault_started = time.monotonic() - started
    await fault.act(pipeline, stack)
    fault_ended = time.monotonic() - started
    await load
    prober.cancel()
    settled = await _settle(samples, started, SETTLE_TIMEOUT_S)
    sampler.cancel()
    figures, converged_s = await _converged(
        lambda: counts(pipeline, client, acked, list(sink.messages), intake))
    differing = await boards_differ_from_rebuild(pipeline, client) if fault.checks_rebuild else None
    figures["boards_differ_from_rebuild"] = None if differing is None else len(differing)
    figures["boards_differing"] = differing
    after = [lag for t, lag in samples if t >= fault_started]
    return {"case": fault.name, **figures, "peak_lag": max(after, default=0),
            "fault_s": round(fault_ended - fault_started, 1),
            "recovered_after_fault_s": None if settled is None else round(max(0.0, settled - fault_ended), 1),
            "read_models_final_after_s": converged_s}


async def _sample(endpoints: Endpoints, reads: dict[str, list[str]], samples: list[tuple[float, int]],
                  started: float) -> None:
    kafka = {"bootstrap_servers": endpoints.kafka_bootstrap_servers.split(",")}
    while True:
        try:
            total = sum(lag.behind for lag in await asyncio.wait_for(lag_of(kafka, reads), 5))
            samples.append((time.monotonic() - started, total))
        except Exception:  # noqa: BLE001 - the broker may be the fault under test: a missed sample is a gap
            pass
        await asyncio.sleep(0.5)


async def _converged(count: Callable[[], Awaitable[dict[str, Any]]]) -> tuple[dict[str, Any], float]:
    """The counts once the read models are final. Lag 0 means every event was consumed, not that every
    read model was written: scoring publishes standings (with vote counts) on its next round after the
    votes, and results writes them after that. So counting waits for the must-be-zero figures to reach 0,
    for at most CONVERGE_TIMEOUT_S; what is still not 0 then stays in the figures as a failure."""
    started = time.monotonic()
    await asyncio.sleep(2)  # the last boards and emails of the caught-up consumers
    while True:
        figures = await count()
        waited = time.monotonic() - started
        if all(figures[k] == 0 for k in COUNTED) or waited > CONVERGE_TIMEOUT_S:
            return figures, round(waited, 1)
        await asyncio.sleep(1)


async def _settle(samples: list[tuple[float, int]], started: float, timeout_s: float) -> float | None:
    """When the summed lag first came back to steady after the load ended; None if it did not."""
    deadline = time.monotonic() + timeout_s
    seen = len(samples)
    while time.monotonic() < deadline:
        fresh = samples[seen:]
        for t, lag in fresh:
            if lag <= STEADY_LAG:
                return t
        seen = len(samples)
        await asyncio.sleep(0.5)
    return None
