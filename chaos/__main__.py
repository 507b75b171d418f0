"""``python -m chaos [--repeat N] [--rate R] [--seconds S] [--only TEXT]``: the matrix on a Kafka and
FerretDB of its own (ports 49092 / 27417), then the cluster cases on a three-broker Kafka and a FerretDB
of their own (brokers on 29192, 29194, 29196; 27517); exits 1 when a must-be-zero figure is not zero."""

import argparse
import asyncio
import json
import logging
import sys

from bench.pipeline import Endpoints
from infra.stack import CACHE, LocalStack

from .audit import MUST_BE_ZERO
from .case import run_case
from .cluster import CLUSTER_MATRIX, CLUSTER_STACK
from .faults import MATRIX, Fault
from .report import table, worst

OUT = CACHE / "chaos"


async def run_matrix(stack: LocalStack, faults: list[Fault], repeat: int, rate: float,
                     seconds: float, every_run: list[dict]) -> list[dict]:
    endpoints = Endpoints(stack.bootstrap_servers, stack.mongodb_uri)
    rows = []
    for fault in faults:
        runs = []
        for attempt in range(repeat):
            result = await run_case(stack, endpoints, fault, rate, seconds, OUT / "logs")
            print(f"  {fault.name} #{attempt + 1}: " + ", ".join(f"{k}={result[k]}" for k in MUST_BE_ZERO),
                  file=sys.stderr, flush=True)
            runs.append(result)
        every_run.extend(runs)
        rows.append(worst(runs))
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--rate", type=float, default=20.0, help="nominations per second (and as many votes)")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the load per case")
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    args = parser.parse_args(argv)
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    single = LocalStack(kafka_port=49092, mongo_port=27417, run_dir=CACHE / "chaos-stack")
    every_run: list[dict] = []
    rows: list[dict] = []
    for stack, matrix in ((single, MATRIX), (CLUSTER_STACK, CLUSTER_MATRIX)):
        faults = [f for f in matrix if args.only in f.name]
        if not faults:
            continue
        stack.empty_unless_running()
        try:
            stack.up()
            rows += asyncio.run(run_matrix(stack, faults, args.repeat, args.rate, args.seconds, every_run))
        finally:
            stack.down()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "result.json").write_text(json.dumps({"worst": rows, "runs": every_run}, indent=2, default=str))
    print(table(rows))
    stuck = [row["case"] for row in rows if row["recovered_after_fault_s"] is None]
    if stuck:
        print(f"never caught up within the settle timeout: {stuck}", file=sys.stderr)
    return 1 if stuck or any(row[key] for row in rows for key in MUST_BE_ZERO) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
