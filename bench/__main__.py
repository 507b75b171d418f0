"""``python -m bench``: starts the bench's own Kafka and FerretDB, runs the ladder, prints the table and
writes the JSON result and the SVG chart under .cache/bench/. Everything it started is stopped at the
end, also on Ctrl-C or SIGTERM."""

import logging
import signal
import sys

import uvloop

from .config import from_arguments, from_environment
from .infrastructure import own_stack
from .ladder import say
from .report import table
from .session import run


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt  # SIGTERM unwinds like Ctrl-C: every finally block stops what it started


def main(argv: list[str]) -> int:
    config = from_arguments(argv, from_environment())
    # aiokafka warns while a topic created a moment ago elects its leader, then retries and succeeds.
    logging.getLogger("aiokafka").setLevel(logging.ERROR)
    signal.signal(signal.SIGTERM, _interrupt)
    with own_stack(config) as (endpoints, infra_pids):
        result, files = uvloop.run(run(endpoints, config, infra_pids))
    print(table(result))
    latest = files["latest"]
    say(f"took {result['duration_s'] / 60:.1f} min; results in {latest} and {latest.with_suffix('.svg')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
