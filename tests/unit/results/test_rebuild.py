"""Rebuild by replay, blue/green (services/results/service_layer/rebuild.py), on fakes: a new generation
numbered past every attempt replays until its group has committed the end offsets taken at the start,
then gets the live generation's finalisations and becomes live; the old one stops. A topic that lost its
head, or a second rebuild while one runs, is refused. Another instance follows the generation the pointer
names."""

import asyncio
from dataclasses import dataclass, field

import pytest

from services.results.service_layer.ports import HistoryExpired
from services.results.service_layer.rebuild import AlreadyRunning, Rebuild
from tests.unit.fakes.results import FakeGenerationPointer, FakeReplayOffsets
from tests.unit.results.given import CATEGORY, EDITION, Results


@dataclass
class FakeGeneration(Results):
    number: int = 0
    running: bool = field(default=False)

    @property
    def consumer_group(self) -> str:
        return f"results-g{self.number}"

    async def start(self) -> None:
        self.running = True

    async def stop(self) -> None:
        self.running = False


class Live:
    def __init__(self, current: FakeGeneration) -> None:
        self.current = current

    def switch(self, generation: FakeGeneration) -> None:
        self.current = generation


def rebuild_of(blue: FakeGeneration, offsets: FakeReplayOffsets, pointer: FakeGenerationPointer
               ) -> tuple[Rebuild, Live, dict[int, FakeGeneration]]:
    made: dict[int, FakeGeneration] = {}

    def make(number: int) -> FakeGeneration:
        made[number] = FakeGeneration(number=number)
        return made[number]

    live = Live(blue)
    return Rebuild(live, make, pointer, offsets, poll_s=0.01), live, made


async def test_a_caught_up_generation_takes_the_finalisations_and_goes_live() -> None:
    blue = FakeGeneration(running=True)
    await blue.judged({"a": EDITION.judges_per_nomination})
    record = await blue.publisher.finalise(EDITION.id)
    pointer, offsets = FakeGenerationPointer(), FakeReplayOffsets({"editions/0": 4, "screened/0": 7})
    pointer.last_attempt = 2  # an abandoned attempt used 1 and 2
    rebuild, live, made = rebuild_of(blue, offsets, pointer)

    state = await rebuild.start()
    assert (state["state"], state["generation"], state["events"]) == ("replaying", 3, 11)
    green = made[3]
    assert green.running and green.publisher.milestones.quiet and pointer.discarded == [3]
    offsets.committed_by[green.consumer_group] = {"editions/0": 4, "screened/0": 7}
    async with asyncio.timeout(5):  # a limit on waiting for the switch, not on its speed
        while rebuild.state["state"] == "replaying":
            await asyncio.sleep(0.01)

    assert rebuild.state["state"] == "switched" and live.current is green and await pointer.active() == 3
    assert not blue.running and not green.publisher.milestones.quiet
    assert (await green.boards.state(EDITION.id) or {}).get("winners") == record["winners"]
    assert await green.boards.board(f"{EDITION.id}|{CATEGORY}") == await blue.boards.board(f"{EDITION.id}|{CATEGORY}")


async def test_a_second_rebuild_while_one_runs_and_a_topic_without_its_head_are_refused() -> None:
    offsets = FakeReplayOffsets({"editions/0": 1})
    rebuild, _, made = rebuild_of(FakeGeneration(), offsets, FakeGenerationPointer())
    await rebuild.start()
    with pytest.raises(AlreadyRunning):
        await rebuild.start()
    await rebuild.stop()
    assert not made[1].running

    rebuild, _, made = rebuild_of(FakeGeneration(), FakeReplayOffsets({}, expired=True), FakeGenerationPointer())
    with pytest.raises(HistoryExpired):
        await rebuild.start()
    assert made == {}


async def test_an_instance_follows_the_generation_another_instance_made_live() -> None:
    blue = FakeGeneration(running=True)
    pointer = FakeGenerationPointer()
    rebuild, live, made = rebuild_of(blue, FakeReplayOffsets({}), pointer)

    await rebuild.follow_pointer()
    assert live.current is blue and made == {}  # the pointer names this one: nothing to follow

    await pointer.activate(4)  # another instance's rebuild went live
    await rebuild.follow_pointer()

    assert live.current is made[4] and made[4].running and not blue.running
    await rebuild.follow_pointer()
    assert list(made) == [4]  # followed once
