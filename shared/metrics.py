"""Prometheus metrics every service exposes at ``/metrics``."""

from prometheus_client import Counter, Gauge, Histogram

EVENTS = Counter(
    "awards_events_total", "Events consumed, by topic and outcome.", ["service", "topic", "outcome"]
)
HANDLING_SECONDS = Histogram(
    "awards_event_handling_seconds",
    "Time to handle one event, or one batch of a batch subscriber, retries included.", ["service", "topic"]
)
RETRIES = Counter("awards_event_retries_total", "Retries of failed events.", ["service", "topic", "kind"])
CONSUMER_LAG = Gauge(
    "awards_consumer_lag", "Events on a partition not yet committed by the consumer group.",
    ["service", "group", "topic", "partition"])
PERIODIC_TICKS = Gauge(
    "awards_periodic_ticks", "Completed steps of a service's periodic work (the staff clock, the delivery "
    "retrier, the lag watch), for those who must know a step ran since a moment.", ["service", "name"])
ROUND_SECONDS = Histogram(
    "awards_round_seconds", "Time one periodic round took (scoring's standings, results' boards): their work "
    "grows with a category or an edition, and the next round waits at least as long.", ["service", "round"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0))
