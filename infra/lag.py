"""Consumer lag of every consumer group of this deployment (groups named with AWARDS_TOPIC_PREFIX):
events each group has not committed yet, per topic and partition.

    python -m infra.lag [--all-partitions]
"""

import asyncio
import sys

from aiokafka.admin import AIOKafkaAdminClient

from shared.kafka_security import client_options
from shared.lag import Lag, lag_of
from shared.settings import CommonSettings


async def deployment_lag(settings: CommonSettings) -> list[Lag]:
    admin = AIOKafkaAdminClient(**client_options(settings))
    await admin.start()
    try:
        groups = [g[0] for g in await admin.list_consumer_groups() if g[0].startswith(settings.topic_prefix)]
        reads = {group: sorted({tp.topic for tp in await admin.list_consumer_group_offsets(group)})
                 for group in groups}
    finally:
        await admin.close()
    return await lag_of(client_options(settings), {g: t for g, t in reads.items() if t})


def main(argv: list[str]) -> int:
    every = "--all-partitions" in argv
    lags = asyncio.run(deployment_lag(CommonSettings()))
    print(f"{'group':<40} {'topic':<45} {'part':>4} {'committed':>10} {'end':>10} {'lag':>8}")
    for lag in lags:
        if every or lag.behind:
            print(f"{lag.group:<40} {lag.topic:<45} {lag.partition:>4} {lag.committed:>10} {lag.end:>10} "
                  f"{lag.behind:>8}")
    total = sum(lag.behind for lag in lags)
    print(f"total lag: {total} event(s) over {len({lag.group for lag in lags})} group(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
