"""How big the batches each service handled were, per topic, during one measurement: the difference of
each service's ``awards_events_total`` (events) and ``awards_event_handling_seconds`` (one observation
per batch of a batch subscriber, per event otherwise) read from its /metrics before and after. Under a
trickle every batch pays a fetch, a database write and an offset commit for the few events it holds."""

from typing import Any

from .pipeline import RunningPipeline
from .service_metrics import samples

Key = tuple[str, str]  # service, topic


async def snapshot(pipeline: RunningPipeline) -> dict[Key, tuple[float, float, float]]:
    """(events, batches, seconds handling) per service and topic so far."""
    figures: dict[Key, list[float]] = {}
    for name, sample in await samples(pipeline, "awards_events"):
        if sample.name.endswith("_total"):  # not ``_created``
            figures.setdefault((name, sample.labels["topic"]), [0.0, 0.0, 0.0])[0] += sample.value
    for name, sample in await samples(pipeline, "awards_event_handling_seconds"):
        slot = figures.setdefault((name, sample.labels["topic"]), [0.0, 0.0, 0.0])
        if sample.name.endswith("_count"):
            slot[1] = sample.value
        elif sample.name.endswith("_sum"):
            slot[2] = sample.value
    return {key: (events, count, seconds) for key, (events, count, seconds) in figures.items()}


def sizes(before: dict[Key, tuple[float, float, float]], after: dict[Key, tuple[float, float, float]],
          seconds: float) -> list[dict[str, Any]]:
    """Per service and topic with batches in between: batches per second, events per batch, ms per batch."""
    rows = []
    for (service, topic), (events, batches, spent) in after.items():
        events0, batches0, spent0 = before.get((service, topic), (0.0, 0.0, 0.0))
        if batches > batches0:
            count = batches - batches0
            rows.append({"service": service, "topic": topic, "batches_per_s": count / seconds,
                         "events_per_batch": (events - events0) / count,
                         "ms_per_batch": 1000 * (spent - spent0) / count})
    return sorted(rows, key=lambda row: -row["batches_per_s"])
