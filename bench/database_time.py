"""Which service spends its database time on which collection, during one L4 measurement: the
difference of each service's ``awards_db_command_seconds`` (shared/database_metrics.py) read from its
/metrics before and after."""

from typing import Any

from .pipeline import RunningPipeline
from .service_metrics import samples

Key = tuple[str, str, str]  # service, command, collection


async def snapshot(pipeline: RunningPipeline) -> dict[Key, tuple[float, float]]:
    """(commands, seconds) per service, command and collection so far."""
    figures: dict[Key, list[float]] = {}
    for name, sample in await samples(pipeline, "awards_db_command_seconds"):
        slot = figures.setdefault((name, sample.labels["command"], sample.labels["collection"]), [0.0, 0.0])
        if sample.name.endswith("_count"):
            slot[0] = sample.value
        elif sample.name.endswith("_sum"):
            slot[1] = sample.value
    return {key: (count, seconds) for key, (count, seconds) in figures.items()}


def heaviest(before: dict[Key, tuple[float, float]], after: dict[Key, tuple[float, float]],
             nominations: int, rows: int = 10) -> list[dict[str, Any]]:
    """The ``rows`` (service, command, collection) with the most database time in between, per 1,000
    nominations."""
    spent: list[dict[str, Any]] = []
    for key, (count, seconds) in after.items():
        count0, seconds0 = before.get(key, (0.0, 0.0))
        if count > count0:
            service, command, collection = key
            spent.append({"service": service, "command": command, "collection": collection,
                          "commands_per_1000": 1000 * (count - count0) / nominations,
                          "seconds_per_1000": 1000 * (seconds - seconds0) / nominations})
    return sorted(spent, key=lambda row: -row["seconds_per_1000"])[:rows]
