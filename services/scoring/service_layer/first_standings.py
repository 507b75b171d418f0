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
category while the screening's write is in flight and miss it. So the caller has the next round
*verify* the category (``StandingsPublisher.verify``): it computes it again from documents read after
this one was stored and publishes a newer version of any standing that differs — usually none, at the
cost of one round per interval, not one per batch. Verifying does not mark the category: its totals
stay known, so the next screenings in it get first standings too.
"""

import time
from collections.abc import Callable
from datetime import datetime

from shared.edition import Edition
from shared.events.nomination import NominationAccepted
from shared.mongo import as_stored

from ..domain.standings import CategoryTotals, standing_of
from .standing_forms import evidence_of, published_form
from .standing_outbox import Versioned


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
        standing = standing_of(evidence_of(doc), totals, category, edition)
        first[nomination.nomination_id] = (now_ms(), published_form(doc, standing, edition, 1).model_dump(
            mode="json", exclude={"version"}))
    return first
