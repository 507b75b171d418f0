"""The crash matrix of ``make chaos``, reduced for the test suite: two faults under a small steady load,
every must-be-zero figure zero. (The full matrix, repeated, is ``make chaos``.)"""

import os
from pathlib import Path

import pytest

from bench.pipeline import Endpoints
from chaos.audit import COUNTED
from chaos.case import run_case
from chaos.faults import freeze_server, kill9
from infra.stack import CACHE, LocalStack
from tests.infrastructure import Infrastructure


def local_stack_of(infrastructure: Infrastructure, fault) -> LocalStack:
    if fault.name.startswith(("kafka", "ferretdb")) and not infrastructure.how.startswith("local launcher"):
        pytest.skip("server faults need the local launcher's processes")  # docker/env: service faults only
    return LocalStack(kafka_port=int(os.environ.get("TEST_KAFKA_PORT", 19092)),
                      mongo_port=int(os.environ.get("TEST_MONGO_PORT", 27117)),
                      run_dir=Path(os.environ.get("TEST_STACK_DIR", CACHE / "test-stack")))


@pytest.mark.parametrize("fault", [kill9("scoring"), freeze_server("ferretdb", seconds=8)], ids=lambda f: f.name)
async def test_nothing_acknowledged_is_lost_or_counted_twice(infrastructure: Infrastructure, fault,
                                                              tmp_path: Path) -> None:
    stack = local_stack_of(infrastructure, fault)
    endpoints = Endpoints(infrastructure.kafka_bootstrap_servers, infrastructure.mongodb_uri)
    result = await run_case(stack, endpoints, fault, rate=8, seconds=12, log_dir=tmp_path)
    assert result["acked"] > 100 and result["recovered_after_fault_s"] is not None, result
    assert {key: result[key] for key in COUNTED} == dict.fromkeys(COUNTED, 0), result
