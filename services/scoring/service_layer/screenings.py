"""Screenings in: the nominations scoring computes standings for (accepted) or forgets (rejected)."""


from shared.events.catalogue import ScreenedEvent
from shared.events.nomination import NominationAcceptedEvent

from .evidence import Outcome
from .first_standings import first_standings
from .jury_scores import release_parked
from .ports import EditionOf, FinalisedAt, ScoringStore
from .standings_rounds import StandingsPublisher


async def apply_screenings(events: list[ScreenedEvent], store: ScoringStore, standings: StandingsPublisher,
                           edition_of: EditionOf, finalised_at: FinalisedAt) -> Outcome:
    """A batch of screenings in one write (the last of a nomination wins), each accepted nomination new
    to scoring with its first standing, published at once (see ``first_standings``); their categories
    are verified by the next round, not marked (a first standing moves no other standing, so they keep
    their totals and the next screenings get first standings too). The categories of the other accepted
    ones are marked, and the scores parked for any of them applied (marking theirs)."""
    accepted = {event.id for event in events if isinstance(event, NominationAcceptedEvent)}
    last = {event.data.nomination_id: event for event in events}
    first = first_standings([(event.data, event.time) for event in last.values() if event.id in accepted],
                            edition_of, standings.totals_of, store.absent)
    try:
        await store.screened([(event.data, "accepted" if event.id in accepted else "rejected", event.time)
                              for event in events], first)
    except BaseException:
        standings.keep(first)  # some may be stored: a redelivery would find them unchanged, never publish them
        raise
    await standings.publish_now(first)
    verified: dict[tuple[str, str], set[str]] = {}
    for event in last.values():
        if event.data.nomination_id in first:
            verified.setdefault((event.data.edition_id, event.data.category), set()).add(event.data.nomination_id)
    standings.verify(verified)
    outcome = Outcome(dirty={(event.data.edition_id, event.data.category) for event in events
                             if event.id in accepted and event.data.nomination_id not in first})
    return outcome.merge(await release_parked(store, edition_of, finalised_at,
                                              nomination_ids=[event.data.nomination_id for event in events]))
