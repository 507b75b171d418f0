"""Events as the results service receives them, and a results service layer wired on fakes, for the
unit tests of its service layer."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from services.results.service_layer.boards import BoardsPublisher
from services.results.service_layer.broadcast import Broadcast
from services.results.service_layer.materialising import Materialiser
from services.results.service_layer.milestones import CategoryMilestones
from services.results.service_layer.ports import Document
from shared.edition import load_edition
from shared.events.envelope import new_event
from shared.events.nomination import NominationAccepted, NominationAcceptedEvent
from shared.events.scoring import StandingComponents, StandingUpdated, StandingUpdatedEvent
from tests.unit.fakes.results import FakeBoards, FakeEditions, FakeEventBus, FakeMilestones, FakeNominationsView

EDITION = load_edition(Path(__file__).parents[3] / "editions" / "2024-first.yaml")
CATEGORY = "digital-content"
SCREENED_AT = datetime(2024, 1, 5, tzinfo=UTC)


def screened(nomination_id: str, category: str = CATEGORY, country: str = "EG",
             edition_id: str = EDITION.id) -> NominationAcceptedEvent:
    data = NominationAccepted.model_validate({
        "nomination_id": nomination_id, "reference": nomination_id, "submitted_by": "urn:test",
        "edition_id": edition_id, "category": category, "country": country, "sector": "health",
        "nominee": {"kind": "entity", "name_ar": f"هيئة {nomination_id}", "name_en": None,
                    "organisation_type": "ministry"},
        "accounts": [{"platform": "x", "url": f"https://x.com/{nomination_id}"}]})
    return new_event(NominationAcceptedEvent, data, id=f"s-{nomination_id}", source="urn:test", time=SCREENED_AT)


def standing(nomination_id: str, value: float, judges: int, version: int = 1, category: str = CATEGORY,
             edition_id: str = EDITION.id, at: datetime = SCREENED_AT + timedelta(days=1)) -> StandingUpdatedEvent:
    data = StandingUpdated(
        nomination_id=nomination_id, edition_id=edition_id, category=category, country="EG", version=version,
        standing=value, components=StandingComponents(jury=value, metrics=None, public=None),
        missing=["metrics", "public"], weights={"jury": 60, "metrics": 30, "public": 10},
        criteria={"transparency": 5.0}, indicators={}, judges=judges, votes=0, category_votes=0)
    return new_event(StandingUpdatedEvent, data, id=f"u-{nomination_id}-{version}", source="urn:test", time=at)


async def rows_of(boards: FakeBoards, key: str) -> list[Document]:
    """The rows of a board that must exist."""
    board = await boards.board(key)
    assert board is not None, f"no board {key}"
    return list(board["rows"])


@dataclass
class Results:
    """The results service layer of one generation, on fakes."""

    view: FakeNominationsView = field(default_factory=FakeNominationsView)
    boards: FakeBoards = field(default_factory=FakeBoards)
    milestones: FakeMilestones = field(default_factory=FakeMilestones)
    bus: FakeEventBus = field(default_factory=FakeEventBus)
    editions: FakeEditions = field(default_factory=lambda: FakeEditions(EDITION))
    broadcast: Broadcast = field(default_factory=lambda: Broadcast(listeners=10, queued=100))

    def __post_init__(self) -> None:
        self.publisher = BoardsPublisher(self.view, self.boards, self.bus, 0.5,
                                         CategoryMilestones(self.milestones, self.bus), self.editions, self.broadcast)
        self.materialiser = Materialiser(self.view, self.boards, self.editions, self.publisher.mark)

    async def judged(self, juries: dict[str, int], edition_id: str = EDITION.id) -> None:
        """Nominations ``{id: jury scores}`` screened and standing (higher standing for an earlier id),
        then the boards rebuilt."""
        await self.materialiser.screened([screened(nid, edition_id=edition_id) for nid in juries])
        await self.materialiser.standings([standing(nid, 90.0 - i, judges, edition_id=edition_id)
                                           for i, (nid, judges) in enumerate(juries.items())])
        await self.publisher.rebuild_dirty()
