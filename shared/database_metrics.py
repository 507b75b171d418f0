"""Where a service's database time goes: every command it sends, counted and timed by collection.

A PyMongo command listener, so the figures are the client's view (queueing in the server included).
``/metrics`` shows ``awards_db_command_seconds{service,command,collection}`` (a summary: ``_count`` and
``_sum``); ``make bench`` reads them to say which collection's reads or writes cost the most.
"""

from typing import Any

from prometheus_client import Summary
from pymongo import monitoring

DB_COMMAND_SECONDS = Summary(
    "awards_db_command_seconds", "Database commands sent, and their time as the client saw it.",
    ["service", "command", "collection"])

# Commands whose first value names the collection; getMore names it under "collection".
UNNAMED = ""
PENDING_LIMIT = 10_000  # a command whose answer never came is forgotten, not kept forever


class CommandTimings(monitoring.CommandListener):
    def __init__(self, service: str) -> None:
        self.service = service
        self._pending: dict[tuple[Any, int], tuple[str, str]] = {}

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if len(self._pending) >= PENDING_LIMIT:
            self._pending.clear()
        self._pending[(event.connection_id, event.request_id)] = (event.command_name, collection_of(event))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        self._finished(event)

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        self._finished(event)

    def _finished(self, event: monitoring.CommandSucceededEvent | monitoring.CommandFailedEvent) -> None:
        started = self._pending.pop((event.connection_id, event.request_id), None)
        if started is not None:
            command, collection = started
            DB_COMMAND_SECONDS.labels(self.service, command, collection).observe(event.duration_micros / 1e6)


def collection_of(event: monitoring.CommandStartedEvent) -> str:
    if event.command_name == "getMore":
        return str(event.command.get("collection", UNNAMED))
    named = event.command.get(event.command_name)
    return named if isinstance(named, str) else UNNAMED
