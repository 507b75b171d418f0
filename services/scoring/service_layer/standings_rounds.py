"""The standings rounds: the evidence of whole categories turned into standings, and every nomination
whose standing changed given a new version on ``scores.updated``.

How a standing gets published, module by module: the consumers apply evidence (``evidence``,
``jury_scores``, ``panel``, ``screenings``) and mark its category here; a round computes the marked
categories (``category_rounds``, over the pure formula ``domain.standing_formula``), keeps the standings
that changed (``changed_standings``) in their published form (``standing_forms``), stores them and hands
them to the outbox (``standing_outbox``), which publishes them. A new nomination's first standing needs
no round (``first_standings``): it is stored with its screening and handed to ``publish_now``.

A vote or a metrics snapshot moves every standing of its category (shares and percentile ranks are
relative), so standings are recomputed per category, at most once per interval for all the events
handled meanwhile: O(category) per interval, O(criteria) per event. A new version is stored before it
is published, and a restart re-publishes every stored standing and recomputes every category, so neither
a crash in between nor a dirty mark lost with the process loses an update.
"""

import logging
from typing import Any

from shared.edition import Category, Edition
from shared.rounds import PacedRounds

from ..domain.jury import judge_scales
from ..domain.standing_formula import CategoryTotals
from .category_rounds import CategoryRounds
from .changed_standings import ChangedStandings
from .first_standings import unconfirmed
from .jury_audit import publish_new_flags
from .ports import EditionOf, EventPublisher, ScoringStore, Versioned
from .standing_forms import evidence_of
from .standing_outbox import StandingOutbox

log = logging.getLogger("awards.scoring.standings")
STOP_ROUNDS = 3  # at stop: the marked categories' round, a retry of refused publications, one more


class StandingsPublisher:
    def __init__(self, store: ScoringStore, bus: EventPublisher, edition_of: EditionOf, interval_s: float,
                 published_per_s: float) -> None:
        self.store, self.bus, self.edition_of = store, bus, edition_of
        self.published_per_s = published_per_s
        self.dirty: set[tuple[str, str]] = set()
        self.outbox = StandingOutbox(bus)
        self.rounds = CategoryRounds()  # what each category's last round computed
        self.changes = ChangedStandings(self.rounds)
        self.computing: set[tuple[str, str]] = set()  # the marked categories of the round under way
        # The first standings stored since the last round, by category: verified, not marked (see verify).
        self.unverified: dict[tuple[str, str], set[str]] = {}
        self.loop = PacedRounds("standings", "scoring", self._round, interval_s=interval_s, log=log,
                                has_work=lambda: bool(self.dirty or self.unverified or self.outbox),
                                pause_after=self._pace)

    def totals_of(self, key: tuple[str, str]) -> CategoryTotals | None:
        """The category's totals while those of its last round are current: not marked since, not being computed."""
        edition = self.edition_of(key[0])
        if edition is None or key in self.dirty or key in self.computing:
            return None
        return self.rounds.totals(key, edition)

    async def publish_now(self, stored: dict[str, Versioned]) -> None:
        """Standings stored outside a round (first standings), published at once; one not acknowledged
        is published by the next round, started for it when the loop is idle."""
        await self.outbox.publish_now(stored)
        if self.outbox:
            self.loop.wake()

    def keep(self, stored: dict[str, Versioned]) -> None:
        """Standings that may or may not have been stored (the write failed): published by the next round."""
        self.outbox.add(stored)
        self.loop.wake()

    def verify(self, first: dict[tuple[str, str], set[str]]) -> None:
        """The next round reads these first standings back (by category) and computes again, whole, only
        the categories where one does not hold (``first_standings.unconfirmed``)."""
        for key, nomination_ids in first.items():
            self.unverified.setdefault(key, set()).update(nomination_ids)
        if first:
            self.loop.wake()

    def mark(self, categories: set[tuple[str, str]]) -> None:
        self.dirty |= categories
        if categories:
            self.loop.wake()

    async def changed(self, categories: set[tuple[str, str]]) -> None:
        """Evidence of these categories was written: counted in the database for the rounds of every
        instance (see ``recompute``), then marked here."""
        if categories:
            await self.store.note_changes(categories)
        self.mark(categories)

    async def start(self) -> None:
        await self.outbox.load(self.store)
        await self.outbox.publish()
        self.dirty |= set(await self.store.categories())
        self.loop.start()

    async def stop(self) -> None:
        """Stops the loop, then runs rounds at once until nothing is dirty (``PacedRounds.drain``): the
        consumers are stopped first, so nothing marks meanwhile and the drain ends, after a round or two
        (one more when the first round's publication was refused). A round that fails, or standings the
        broker still refuses after ``STOP_ROUNDS`` rounds, raise here. Either way nothing is lost: start
        publishes every stored standing again and recomputes every category; the drain only spares
        readers the wait for the next start."""
        await self.loop.stop()
        await self.loop.drain(max_rounds=STOP_ROUNDS)

    async def flush(self) -> None:
        """One round over the categories dirty when it began (with every category of an edition whose
        marks are normalised: a judge's scale spans categories, so one new mark can move them all). Their
        changed standings are stored in one bulk write and published together; a category marked again
        meanwhile waits for the next round (rounds until nothing is dirty never end under a steady stream,
        and never reach the pause that keeps them to half the service). On failure all stay dirty."""
        await self.outbox.publish()
        due = self.computing = self.dirty
        checked, self.dirty, self.unverified = self.unverified, set(), {}
        wrong: set[tuple[str, str]] = set()
        try:
            for edition_id in {edition_id for edition_id, _ in due}:
                edition: Edition | None = self.edition_of(edition_id)
                if edition is not None and edition.jury_normalisation == "zscore":
                    due |= {c for c in await self.store.categories() if c[0] == edition_id}
            wrong = await self._unconfirmed({key: ids for key, ids in checked.items() if key not in due})
            await self.recompute(sorted(due | wrong), audit=due)
        except Exception:
            self.dirty |= due | wrong
            self.verify(checked)
            raise
        finally:
            self.computing = set()

    async def _round(self) -> bool:
        await self.flush()
        return True

    def _pace(self) -> float:
        """A vote moves every standing of its category (shares, the category's count): a round can publish
        a whole category, so rounds are spaced to what readers can store meanwhile."""
        published, self.outbox.published = self.outbox.published, 0
        return published / self.published_per_s

    async def _unconfirmed(self, first: dict[tuple[str, str], set[str]]) -> set[tuple[str, str]]:
        if not first:
            return set()
        stored = await self.store.nominations_by_id({nid for ids in first.values() for nid in ids})
        return unconfirmed(first, stored, self.edition_of, self.totals_of)

    async def recompute(self, categories: list[tuple[str, str]], audit: set[tuple[str, str]] | None = None) -> int:
        """The standings of these (edition, category) pairs; the changed ones stored, then published; the
        jury audit of those in ``audit`` (all by default: only a mark can change a jury).

        Another instance may write a category's evidence while this round reads and computes it, and mark
        it there: its round may then store before this one, whose standings, over newer versions, would
        hide the change for good. So each category's count of changes is read before and after: one that
        moved is marked again here, and the next round stores it as it is (over every version before)."""
        changed: dict[str, Versioned] = {}
        audited = []
        counted = await self.store.changes_of(categories)
        try:
            for edition_id, category_code in categories:
                edition: Edition | None = self.edition_of(edition_id)
                category = edition.category(category_code) if edition else None
                if edition is not None and category is not None:
                    docs = await self.store.accepted_in(edition_id, category_code)
                    changed |= await self._changed(docs, category, edition)
                    if audit is None or (edition_id, category_code) in audit:
                        audited.append((edition_id, category, docs))
        except BaseException:
            # The categories computed before the failure remembered their round, but their changes were
            # neither stored nor published: the next round must not take them for done.
            self.rounds.forget(categories)
            raise
        try:
            await self.store.store_standings(changed)
        finally:
            # Even when the bulk write failed part-way: the next round finds the stored ones unchanged and
            # would not publish them; one not stored is superseded there by a newer version of itself.
            self.outbox.add(changed)
        now = await self.store.changes_of(categories)
        self.mark({key for key in categories if now.get(key) != counted.get(key)})
        await self.outbox.publish()
        for edition_id, category, docs in audited:
            await publish_new_flags(edition_id, category, docs, self.store, self.bus)
        return len(changed)

    async def _changed(self, docs: list[dict[str, Any]], category: Category, edition: Edition) -> dict[str, Versioned]:
        scales = None
        if edition.jury_normalisation == "zscore":
            everything = await self.store.accepted_in_edition(edition.id)
            scales = judge_scales([evidence_of(d).jury for d in sorted(everything, key=lambda d: d["_id"])])
        return self.changes.of(docs, category, edition, scales, self.store.stamp)
