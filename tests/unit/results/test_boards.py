"""A board round rebuilds what was dirty when it began, once: under a steady stream of standings an
edition is marked again while it is rebuilt, and a round that waited for nothing to be dirty never ended
(so the pause that keeps the boards to half the service was never reached)."""

from services.results.service_layer.boards import BoardsPublisher


class RecordingBoards(BoardsPublisher):
    def __init__(self, failing: frozenset[str] = frozenset(), marked_meanwhile: bool = True) -> None:
        super().__init__(view=None, boards=None, bus=None, interval_s=0.5, milestones=None,  # type: ignore[arg-type]
                         edition_of=lambda _: None)
        self.failing, self.marked_meanwhile, self.rebuilt = failing, marked_meanwhile, []

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

    await boards.round()

    assert boards.rebuilt == ["a", "b"]
    assert boards.dirty == {"a"}


async def test_a_round_with_nothing_dirty_does_nothing() -> None:
    boards = RecordingBoards()
    assert await boards.round() is False
    assert boards.rebuilt == []
