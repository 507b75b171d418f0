"""The four services as one system: each one's name, settings class and builder, and every setting at once.

``SystemSettings`` holds the fields of every service's settings class: what the launcher, the test harness
and the benchmarks hand to all four processes through one environment. A service itself reads only its own
class (``services/<name>/settings.py``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.nomination.entrypoints.app import build as build_nomination
from services.nomination.settings import NominationSettings
from services.notification.entrypoints.app import build as build_notification
from services.notification.settings import NotificationSettings
from services.results.entrypoints.app import build as build_results
from services.results.settings import ResultsSettings
from services.scoring.entrypoints.app import build as build_scoring
from services.scoring.settings import ScoringSettings
from shared.runtime import Service
from shared.settings import CommonSettings


@dataclass(frozen=True)
class ServiceEntry:
    name: str
    settings: type[CommonSettings]
    build: Callable[[Any], Service]

    @property
    def default_port(self) -> int:
        port = self.settings.model_fields["http_port"].default
        assert isinstance(port, int), f"{self.name}'s settings name no default HTTP port"
        return port


SERVICES = {entry.name: entry for entry in (
    ServiceEntry("nomination", NominationSettings, build_nomination),
    ServiceEntry("scoring", ScoringSettings, build_scoring),
    ServiceEntry("notification", NotificationSettings, build_notification),
    ServiceEntry("results", ResultsSettings, build_results),
)}
DEFAULT_PORTS = {name: entry.default_port for name, entry in SERVICES.items()}


class SystemSettings(NominationSettings, ScoringSettings, NotificationSettings, ResultsSettings):
    """Every service's settings in one object (the HTTP port is each process's own: set it per process)."""
