"""The standings rounds (``service_layer.standings_rounds``) on fakes: the loop runs a round for work
marked while it idles, spaces rounds by what they published, a failed round keeps its work, and stop
drains what is marked."""

import asyncio

import pytest

from services.scoring.service_layer.ports import Versioned
from services.scoring.service_layer.standings_rounds import StandingsPublisher
from shared import topics
from tests.unit.fakes.scoring import FakeScoringStore, RecordingBus

from . import given


async def accepted(store: FakeScoringStore, *nomination_ids: str) -> None:
    await store.screened([(given.screened(n).data, "accepted", given.JUDGING) for n in nomination_ids], {})


async def marked_nomination(store: FakeScoringStore, bus: RecordingBus) -> StandingsPublisher:
    """A publisher (whose loop is not started) with nomination "a" accepted and its category marked."""
    standings = StandingsPublisher(store, bus, given.edition_of, 10.0, 1000.0)
    await accepted(store, "a")
    standings.mark({given.KEY})
    return standings


async def rounds_reach(standings: StandingsPublisher, count: int) -> None:
    async with asyncio.timeout(5):
        while standings.loop.rounds < count:
            await asyncio.sleep(0.01)


async def test_the_loop_runs_a_round_for_what_is_marked_while_it_idles() -> None:
    store, bus = FakeScoringStore(), RecordingBus()
    standings = StandingsPublisher(store, bus, given.edition_of, 0.01, 1000.0)
    looked: list[tuple[int, bool]] = []  # (rounds run so far, work found) at each look for work
    has_work = standings.loop.has_work

    def counted() -> bool:
        looked.append((standings.loop.rounds, found := has_work()))
        return found
    standings.loop.has_work = counted
    await accepted(store, "a")
    await standings.start()
    try:
        await rounds_reach(standings, 1)
        assert [e.data.nomination_id for e in bus.on(topics.SCORES_UPDATED)] == ["a"], "start computes every category"
        async with asyncio.timeout(5):  # the loop looked for work after its round, and found none
            while (1, False) not in looked:
                await asyncio.sleep(0.01)
        assert standings.loop.rounds == 1, "nothing marked: no round"
        await accepted(store, "b")
        standings.mark({given.KEY})
        await rounds_reach(standings, 2)
        assert [e.data.nomination_id for e in bus.on(topics.SCORES_UPDATED)][1:] == ["b"]
    finally:
        await standings.stop()


async def test_a_round_is_followed_by_a_pause_as_long_as_its_publications_take_readers() -> None:
    store = FakeScoringStore()
    standings = StandingsPublisher(store, RecordingBus(), given.edition_of, 0.1, published_per_s=2.0)
    await accepted(store, "a", "b", "c", "d")
    standings.mark({given.KEY})
    await standings.flush()
    assert standings.loop.pause_after() == 2.0, "four standings at two a second"
    assert standings.loop.pause_after() == 0.0, "counted once"


class LosingStore(FakeScoringStore):
    """A store whose server becomes unreachable for standings."""

    unreachable = False

    async def store_standings(self, standings: dict[str, Versioned]) -> None:
        if self.unreachable:
            raise ConnectionError("database unreachable")
        await super().store_standings(standings)


async def test_a_round_that_fails_keeps_its_categories_dirty() -> None:
    store, bus = LosingStore(), RecordingBus()
    standings = await marked_nomination(store, bus)
    bus.refusals = 1
    await standings.flush()  # stored, the publication refused: kept in the outbox
    assert standings.outbox and bus.on(topics.SCORES_UPDATED) == []

    store.unreachable = True
    standings.mark({given.KEY})
    with pytest.raises(ConnectionError):
        await standings.flush()
    assert standings.dirty == {given.KEY}
    assert [e.data.nomination_id for e in bus.on(topics.SCORES_UPDATED)] == ["a"], "the outbox went first"


async def test_stop_publishes_what_is_marked_retrying_a_refused_publication() -> None:
    store, bus = FakeScoringStore(), RecordingBus()
    standings = await marked_nomination(store, bus)
    bus.refusals = 1  # the round's publication is refused; a single round would leave it for the next start
    await standings.stop()
    assert [e.data.nomination_id for e in bus.on(topics.SCORES_UPDATED)] == ["a"]
    assert not standings.outbox and not standings.dirty and standings.loop.rounds == 2


async def test_stop_gives_up_on_a_broker_that_keeps_refusing_with_the_standing_stored() -> None:
    store, bus = FakeScoringStore(), RecordingBus()
    standings = await marked_nomination(store, bus)
    bus.refusals = 1000
    with pytest.raises(RuntimeError, match="still dirty"):
        await standings.stop()
    assert bus.on(topics.SCORES_UPDATED) == [] and standings.outbox
    assert "standing" in store.documents["a"], "stored: the next start publishes it again"


async def test_a_category_whose_evidence_another_instance_wrote_during_the_round_is_computed_again() -> None:
    store, bus = FakeScoringStore(), RecordingBus()
    standings = await marked_nomination(store, bus)
    elsewhere = StandingsPublisher(store, RecordingBus(), given.edition_of, 10.0, 1000.0)
    read = store.accepted_in

    async def written_meanwhile(edition_id: str, category: str) -> list:
        found = await read(edition_id, category)
        await elsewhere.changed({given.KEY})  # another instance's consumer, after this round read
        return found
    store.accepted_in = written_meanwhile  # type: ignore[method-assign]  # the other instance's write, mid-round

    await standings.flush()
    assert standings.dirty == {given.KEY}, "computed again by the next round"
    store.accepted_in = read  # type: ignore[method-assign]  # nothing written meanwhile any more
    await standings.flush()
    assert standings.dirty == set()


async def test_evidence_written_here_is_counted_for_every_instance_and_marked() -> None:
    store = FakeScoringStore()
    standings = StandingsPublisher(store, RecordingBus(), given.edition_of, 10.0, 1000.0)

    await standings.changed({given.KEY})

    assert standings.dirty == {given.KEY} and store.changes == {given.KEY: 1}
