"""In-memory stand-ins for the repositories, for unit tests of the service layer only."""

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from services.nomination.domain.model import Nomination
from services.notification.domain.messages import StaffMessage


class FakeNominationRegistry:
    def __init__(self) -> None:
        self.stored: dict[str, Nomination] = {}

    async def get(self, nomination_id: str) -> Nomination | None:
        return self.stored.get(nomination_id)

    async def add(self, nomination: Nomination) -> Nomination:
        return self.stored.setdefault(nomination.id, nomination)

    async def count_nominator(self, nomination_id: str, nominator: str) -> None:
        stored = self.stored[nomination_id]
        if nominator not in stored.nominators:
            self.stored[nomination_id] = replace(stored, nominators=(*stored.nominators, nominator))


class FakeNomineeIndex:
    def __init__(self) -> None:
        self.held: dict[str, str] = {}

    async def holders(self, keys: Iterable[str]) -> dict[str, str]:
        return {key: self.held[key] for key in keys if key in self.held}

    async def claim(self, key: str, nomination_id: str) -> str:
        return self.held.setdefault(key, nomination_id)


class FakeLedger:
    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Any]] = {}

    async def claim(self, key: str, **facts: Any) -> dict[str, Any] | None:
        if key in self.entries:
            return self.entries[key]
        self.entries[key] = {"state": "claimed", **facts}
        return None

    async def complete(self, key: str, **result: Any) -> None:
        self.entries[key].update(state="done", **result)


class FakeMailer:
    def __init__(self, failures: int = 0) -> None:
        self.sent: list[tuple[str, str, str]] = []
        self.failures = failures

    async def send(self, to: str, message: StaffMessage, message_id: str) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("mail server went away")
        self.sent.append((to, message.subject, message_id))
