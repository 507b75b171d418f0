"""The board rounds and finalisation (services/results/service_layer/boards.py) on fakes: standings become
ranked boards and tables, judging progress counts the edition's quota, finalisation is refused while
judging is incomplete unless forced with a reason, records and announces the winners once, and freezes the
boards. A board round rebuilds what was dirty when it began, once."""

import pytest

from services.results.domain.finalisation import NotReady, ReasonRequired
from services.results.service_layer.boards import BoardsPublisher
from services.results.service_layer.catalogue import NotFound
from services.results.service_layer.ports import Elsewhere
from shared.events.envelope import event_type
from tests.unit.results.given import CATEGORY, EDITION, Results, rows_of, standing

FULL = EDITION.judges_per_nomination


async def test_standings_become_a_ranked_board_progress_and_tables() -> None:
    results = Results()
    await results.judged({"a": FULL, "b": FULL - 1, "c": FULL})

    board = await results.boards.board(f"{EDITION.id}|{CATEGORY}")
    assert board is not None and [row["nomination_id"] for row in board["rows"]] == ["a", "b", "c"]
    [progress] = await rows_of(results.boards, f"{EDITION.id}|progress")
    assert (progress["accepted"], progress["fully_judged"], progress["jury_scores_needed"]) == (3, 2, 3 * FULL)
    [country] = await rows_of(results.boards, f"{EDITION.id}|countries")
    assert (country["country"], country["accepted"], country["gold"]) == ("EG", 3, 0)


async def test_an_edition_the_service_does_not_know_gets_boards_but_no_judging_counted() -> None:
    results = Results()
    await results.judged({"a": 1, "b": 1}, edition_id="unknown-edition")

    assert await results.boards.board(f"unknown-edition|{CATEGORY}") is not None
    assert await results.boards.board("unknown-edition|progress") is None
    assert event_type("category.fully_scored") not in results.bus.types()


async def test_finalisation_is_refused_while_judging_is_incomplete_and_nothing_is_recorded() -> None:
    results = Results()
    await results.judged({"a": FULL, "b": FULL - 1})

    with pytest.raises(NotReady, match="1 accepted nominations have fewer than"):
        await results.publisher.finalise(EDITION.id)
    with pytest.raises(ReasonRequired):
        await results.publisher.finalise(EDITION.id, force=True)
    assert await results.boards.state(EDITION.id) is None
    assert event_type("winners.announced") not in results.bus.types()


async def test_a_forced_finalisation_records_its_reason_announces_once_and_freezes_the_boards() -> None:
    results = Results()
    await results.judged({"a": FULL, "b": FULL - 1, "c": FULL, "d": FULL})

    state = await results.publisher.finalise(EDITION.id, force=True, reason="the panel could not meet")
    again = await results.publisher.finalise(EDITION.id, force=True, reason="pressed twice")

    assert state["forced_because"] == "the panel could not meet" and again["winners"] == state["winners"]
    assert [(m["medal"], m["nomination_id"]) for m in state["winners"]] == [("gold", "a"), ("silver", "b"),
                                                                            ("bronze", "c")]
    assert results.bus.types().count(event_type("winners.announced")) == 1
    frozen = await results.boards.board(f"{EDITION.id}|{CATEGORY}")
    await results.materialiser.standings([standing("d", 99.0, FULL, version=2)])
    await results.publisher.rebuild_dirty()
    assert await results.boards.board(f"{EDITION.id}|{CATEGORY}") == frozen
    [eg] = await rows_of(results.boards, f"{EDITION.id}|countries")
    assert (eg["gold"], eg["silver"], eg["bronze"]) == (1, 1, 1)


async def test_a_fully_judged_edition_is_finalised_without_a_reason_recorded() -> None:
    results = Results()
    await results.judged({"a": FULL, "b": FULL + 2})

    state = await results.publisher.finalise(EDITION.id, reason="ignored: not forced")
    assert state["forced_because"] is None and state["announced"] is True


async def test_finalising_an_unknown_edition_names_those_that_exist() -> None:
    with pytest.raises(NotFound, match=f"the editions are: {EDITION.id}"):
        await Results().publisher.finalise("2030-none")


class RecordingBoards(BoardsPublisher):
    def __init__(self, failing: frozenset[str] = frozenset(), marked_meanwhile: bool = True) -> None:
        given = Results()
        super().__init__(given.view, given.boards, given.bus, 0.5, given.publisher.milestones, given.editions,
                         given.broadcast)
        self.failing, self.marked_meanwhile, self.rebuilt = failing, marked_meanwhile, list[str]()

    async def rebuild(self, edition_id: str) -> None:
        self.rebuilt.append(edition_id)
        if self.marked_meanwhile:
            self.mark(edition_id)  # a standing of this edition arrived meanwhile
        if edition_id in self.failing:
            raise RuntimeError("database away")


async def test_an_edition_marked_during_its_rebuild_waits_for_the_next_round() -> None:
    boards = RecordingBoards()
    boards.mark("sga-2026")

    assert await boards.round() is True
    assert boards.rebuilt == ["sga-2026"]
    assert boards.dirty == {"sga-2026"}


async def test_an_edition_whose_rebuild_failed_stays_dirty_and_the_others_are_rebuilt() -> None:
    boards = RecordingBoards(failing=frozenset({"a"}), marked_meanwhile=False)
    boards.dirty = {"a", "b"}

    with pytest.raises(ExceptionGroup) as raised:
        await boards.round()

    assert boards.rebuilt == ["a", "b"]
    assert boards.dirty == {"a"}
    assert [str(error) for error in raised.value.exceptions] == ["database away"]


async def test_rebuilding_what_is_dirty_now_raises_a_failure_and_keeps_its_edition_dirty() -> None:
    boards = RecordingBoards(failing=frozenset({"a"}), marked_meanwhile=False)
    boards.dirty = {"a", "b"}

    with pytest.raises(ExceptionGroup):
        await boards.rebuild_dirty()

    assert boards.rebuilt == ["a", "b"] and boards.dirty == {"a"}
    boards.failing = frozenset()
    await boards.rebuild_dirty()
    assert boards.rebuilt == ["a", "b", "a"] and boards.dirty == set()


async def test_a_round_with_nothing_dirty_does_nothing() -> None:
    boards = RecordingBoards()
    assert await boards.round() is False
    assert boards.rebuilt == []


async def test_a_board_written_by_another_instance_is_told_to_the_live_pages_and_its_edition_rebuilt_here() -> None:
    results = Results()
    await results.judged({"a": FULL, "b": FULL})
    notice = {"edition_id": EDITION.id, "category": CATEGORY, "version": 7}
    results.boards.written_elsewhere = Elsewhere([notice, {"edition_id": "other", "winners": True}], {EDITION.id})
    told: list[dict] = []
    results.broadcast.observers.append(told.append)

    await results.publisher.look_elsewhere()

    assert told == [notice, {"edition_id": "other", "winners": True}]
    assert results.publisher.dirty == {EDITION.id}
    await results.publisher.look_elsewhere()  # nothing more written elsewhere: nothing told, nothing marked
    assert len(told) == 2


async def test_an_edition_this_instance_announces_is_not_taken_for_another_instances_announcement() -> None:
    results = Results()
    await results.judged({"a": FULL, "b": FULL})

    await results.publisher.finalise(EDITION.id)

    assert results.boards.announced_here == {EDITION.id}
