"""In-memory stand-ins for the repositories, for unit tests of the service layer only."""

from collections.abc import Iterable
from dataclasses import replace

from services.nomination.domain.model import Nomination


class FakeNominationRegistry:
    def __init__(self) -> None:
        self.stored: dict[str, Nomination] = {}

    async def get(self, nomination_id: str) -> Nomination | None:
        return self.stored.get(nomination_id)

    async def get_many(self, nomination_ids: Iterable[str]) -> dict[str, Nomination]:
        return {nid: self.stored[nid] for nid in nomination_ids if nid in self.stored}

    async def add_many(self, nominations: list[Nomination]) -> dict[str, Nomination]:
        return {n.id: self.stored.setdefault(n.id, n) for n in nominations}

    async def count_nominator(self, nomination_id: str, nominator: str) -> None:
        stored = self.stored.get(nomination_id)  # like an update that matches no document: nothing
        if stored is not None and nominator not in stored.nominators:
            self.stored[nomination_id] = replace(stored, nominators=(*stored.nominators, nominator))


class FakeNomineeIndex:
    def __init__(self) -> None:
        self.held: dict[str, str] = {}

    async def holders(self, keys: Iterable[str]) -> dict[str, str]:
        return {key: self.held[key] for key in keys if key in self.held}

    async def claim_many(self, claims: dict[str, str]) -> dict[str, str]:
        return {key: self.held.setdefault(key, nomination_id) for key, nomination_id in claims.items()}

    async def hold_many(self, holds: dict[str, str]) -> None:
        for key, nomination_id in holds.items():
            self.held.setdefault(key, nomination_id)


