"""What the nomination service layer needs from its database, declared here and implemented by
``adapters/registry.py`` (MongoDB) and by the unit tests' fakes (tests/unit/fakes/nomination.py)."""

from collections.abc import Iterable
from typing import Protocol

from ..domain.model import Nomination


class NominationRegistry(Protocol):
    async def get(self, nomination_id: str) -> Nomination | None:
        """The stored nomination of that id, if any."""
        ...

    async def get_many(self, nomination_ids: Iterable[str]) -> dict[str, Nomination]:
        """The stored nominations among ``nomination_ids``."""
        ...

    async def add_many(self, nominations: list[Nomination]) -> dict[str, Nomination]:
        """Stores each nomination whose id is unknown; answers, per id, the one stored first."""
        ...

    async def count_nominator(self, nomination_id: str, nominator: str) -> None:
        """Adds a distinct nominator to an accepted nomination; a repeat changes nothing."""
        ...


class NomineeIndex(Protocol):
    async def holders(self, keys: Iterable[str]) -> dict[str, str]:
        """Key → the accepted nomination holding it, for the keys that are held."""
        ...

    async def claim_many(self, claims: dict[str, str]) -> dict[str, str]:
        """Atomically holds each key for its nomination unless held; answers each key's holder."""
        ...

    async def hold_many(self, holds: dict[str, str]) -> None:
        """Holds each key not yet held for its nomination, in one write; a held one stays its holder's."""
        ...
