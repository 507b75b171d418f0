"""Prometheus metrics every service exposes at ``/metrics``."""

from prometheus_client import Counter, Histogram

EVENTS = Counter(
    "awards_events_total", "Events consumed, by topic and outcome.", ["service", "topic", "outcome"]
)
HANDLING_SECONDS = Histogram(
    "awards_event_handling_seconds", "Time to handle one event, retries included.", ["service", "topic"]
)
RETRIES = Counter("awards_event_retries_total", "Retries of failed events.", ["service", "topic", "kind"])
