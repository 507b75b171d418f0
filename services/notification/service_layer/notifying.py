"""Telling staff what happened: each notice is kept for the subscribers who digest its kind and
delivered at once to every other matching subscriber, in their language, with the names of the
notice's edition."""

from datetime import UTC, datetime

from shared.edition import Edition

from ..domain.alerts import DeadLetter, dead_letter_alert
from ..domain.notices import Notice
from .delivery import Deliverer
from .delivery_entries import planned
from .digests import DigestDesk
from .ports import EditionOf, SubscriptionBook


class StaffNotifier:
    def __init__(self, subscriptions: SubscriptionBook, desk: DigestDesk, deliverer: Deliverer,
                 edition_of: EditionOf, results_url: str) -> None:
        self.subscriptions, self.desk, self.deliverer = subscriptions, desk, deliverer
        self.edition_of, self.results_url = edition_of, results_url

    def _edition(self, notice: Notice) -> Edition | None:
        return self.edition_of(notice.edition_id) if notice.edition_id else None

    async def tell(self, *notices: Notice | None) -> None:
        """Every notice (None: nothing worth telling), the immediate deliveries of all of them sent as one
        batch. Raises once every delivery has finished when one of them could not be recorded: the
        caller tells again, and the ledger keeps what was sent from being sent twice."""
        told = [notice for notice in notices if notice is not None]
        if not told:
            return
        staff = await self.subscriptions.all()
        for notice in told:
            await self.desk.keep(notice, staff, self._edition(notice))
        await self.deliverer.deliver_all([entry for notice in told for entry in planned(
            notice, staff, self.results_url, self._edition(notice))])

    async def tell_dead_letter(self, letter: DeadLetter, now: datetime | None = None) -> None:
        await self.tell(dead_letter_alert(letter, now or datetime.now(UTC)))
