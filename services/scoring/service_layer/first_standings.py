"""A new nomination's first standing, stored with its screening and published at once, instead of
waiting for the next standings round (on average half a round interval plus a round: most of scoring's
135 ms median at 50 nominations a second).

A nomination that scoring has never seen has no evidence yet (no jury marks, metrics or votes), so it
moves no other standing of its category (votes cast: +0; percentile ranks: only nominations with
metrics) and its own is ``standing_of`` its empty evidence over the category's totals. Those totals are
the ones the category's last round computed, current as long as no event marked the category since and
no round is computing it (see ``StandingsPublisher.totals_of``).

Contract: ``first_standings(accepted, ...)`` answers ``{nomination id: (version, body)}`` for those of
the accepted ``(nomination, accepted at)`` that are ``absent`` from scoring's database, in a category
whose totals are known, the body equal to what a round would compute for the same document then. Not
the last word: evidence for the nomination can be written while its screening is (a vote or metrics
report whose write was under way, or queued on the document before it), and a round can read the
category while the screening's write is in flight, miss it and remember new totals. So the caller has
the next round *verify* them (``StandingsPublisher.verify``): ``unconfirmed`` reads them back after
they were stored and names the categories where one does not hold (missing, with evidence, or not what
the category's totals give now); only those are computed again, whole. Verifying does not mark the
category: its totals stay known, so the next screenings in it get first standings too, and it costs a
read of the new documents, not a pass over the category (a pass per round made a burst of 20,000
nominations a quarter slower).
"""

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from shared.edition import Category, Edition
from shared.events.nomination import NominationAccepted
from shared.stored_time import as_stored

from ..domain.standing_formula import CategoryTotals, standing_of
from .ports import Versioned
from .standing_forms import evidence_of, published_form

Key = tuple[str, str]  # edition, category


def first_standings(accepted: list[tuple[NominationAccepted, datetime]], edition_of: Callable[[str], Edition | None],
                    totals_of: Callable[[tuple[str, str]], CategoryTotals | None], absent: Callable[[str], bool],
                    now_ms: Callable[[], int] = lambda: int(time.time() * 1000)) -> dict[str, Versioned]:
    first: dict[str, Versioned] = {}
    for nomination, at in accepted:
        edition = edition_of(nomination.edition_id)
        category = edition.category(nomination.category) if edition else None
        totals = totals_of((nomination.edition_id, nomination.category))
        if edition is None or category is None or totals is None or not absent(nomination.nomination_id):
            continue
        doc = {"_id": nomination.nomination_id, "edition_id": nomination.edition_id, "category": nomination.category,
               "country": nomination.country, "accepted_at": as_stored(at)}
        first[nomination.nomination_id] = (now_ms(), body_over(doc, totals, category, edition))
    return first


def unconfirmed(first: dict[Key, set[str]], stored: dict[str, dict[str, Any]],
                edition_of: Callable[[str], Edition | None],
                totals_of: Callable[[Key], CategoryTotals | None]) -> set[Key]:
    """The categories of ``first`` (the nominations given first standings, by category) where one of them,
    ``stored`` as read back after its write, does not hold: missing, holding evidence (which the
    category's totals do not count), or with a stored standing other than the one its category's
    current totals give. Unknown totals (the category marked, or its round not remembered) hold nothing."""
    wrong = set()
    for key, nomination_ids in first.items():
        edition = edition_of(key[0])
        category = edition.category(key[1]) if edition else None
        totals = totals_of(key)
        for nomination_id in nomination_ids:
            doc = stored.get(nomination_id)
            if edition is None or category is None or totals is None or doc is None or _evidence(doc) \
                    or doc.get("standing") != body_over(doc, totals, category, edition):
                wrong.add(key)
                break
    return wrong


def body_over(doc: dict[str, Any], totals: CategoryTotals, category: Category, edition: Edition) -> dict[str, Any]:
    """The published body of the document's standing over these totals."""
    standing = standing_of(evidence_of(doc), totals, category, edition)
    return published_form(doc, standing, edition, 1).model_dump(mode="json", exclude={"version"})


def _evidence(doc: dict[str, Any]) -> bool:
    evidence = evidence_of(doc)
    return bool(evidence.jury or evidence.metrics is not None or evidence.votes)
