"""The bench's own Kafka and FerretDB (infra.stack's launcher on the bench's ports and folder), started
empty and always stopped again."""

from collections.abc import Iterator
from contextlib import contextmanager

from infra.stack import LocalStack

from .config import BenchConfig
from .pipeline import Endpoints


@contextmanager
def own_stack(config: BenchConfig) -> Iterator[tuple[Endpoints, dict[str, int]]]:
    """Endpoints and the pids of the broker and the database server (for their CPU and memory)."""
    stack = LocalStack(kafka_port=config.kafka_port, mongo_port=config.mongo_port, run_dir=config.stack_dir)
    stack.empty_unless_running()  # an earlier bench's broker log and database must not weigh on this one
    try:
        stack.up()
        pids = {name: pid for name, pid in stack.status().items() if pid is not None}
        yield Endpoints(stack.bootstrap_servers, stack.mongodb_uri), pids
    finally:
        stack.down()
