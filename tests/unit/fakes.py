"""In-memory stand-ins for the repositories, for unit tests of the service layer only."""

from collections.abc import Iterable
from dataclasses import replace

from services.nomination.domain.model import Nomination


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

    async def hold(self, keys: Iterable[str], nomination_id: str) -> None:
        for key in keys:
            self.held.setdefault(key, nomination_id)


