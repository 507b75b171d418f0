"""Which standings of a category changed since they were stored.

``CategoryRounds`` computes only what can have moved since the category's last round; of those, a
standing computed from the same inputs as the one stored last is recognised without building its
published form (a large category's unchanged standings, every round). Contract: ``of(docs, ...)``
answers ``{nomination id: (new version, body)}`` for the documents whose standing differs from their
stored one, and remembers the round in the ``CategoryRounds`` it was given: a caller that fails to store
or publish them must ``forget`` the category there, or the next round would take them for done.
"""

import time
from collections.abc import Callable
from typing import Any

from shared.edition import Category, Edition

from ..domain.jury import Scale
from .category_rounds import CategoryRounds
from .ports import Versioned
from .standing_forms import published_form


class ChangedStandings:
    def __init__(self, rounds: CategoryRounds) -> None:
        self.rounds = rounds
        self.computed: dict[str, tuple[Any, ...]] = {}  # what each stored standing was computed from

    def of(self, docs: list[dict[str, Any]], category: Category, edition: Edition,
           scales: tuple[dict[str, Scale], Scale] | None,
           stamp_of: Callable[[str], int | None]) -> dict[str, Versioned]:
        computed = self.rounds.compute(docs, category, edition, scales, stamp_of)
        standings = computed.standings
        changed: dict[str, Versioned] = {}
        weights = edition.component_weights.model_dump()
        for doc in computed.fresh:  # every other document: the same standing over the same stored version
            inputs = (standings[doc["_id"]], doc.get("standing_version"), doc["country"], doc["accepted_at"], weights)
            if self.computed.get(doc["_id"]) == inputs:
                continue  # same standing over the same stored version: its body is the stored one
            body = published_form(doc, standings[doc["_id"]], edition, 1).model_dump(mode="json", exclude={"version"})
            if doc.get("standing") == body:
                self.computed[doc["_id"]] = inputs
                continue
            # Versions are publication times in ms, kept increasing: a scoring database rebuilt by replay
            # publishes versions above everything readers already hold.
            version = max(doc.get("standing_version", 0) + 1, int(time.time() * 1000))
            changed[doc["_id"]] = (version, body)
            self.computed[doc["_id"]] = (standings[doc["_id"]], version, *inputs[2:])
        self.rounds.remember(computed)
        return changed
