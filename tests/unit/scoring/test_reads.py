"""What scoring's read endpoints answer (``service_layer.reads``), on fakes: the stored standing with its
version, none before one is stored, and the judges without their affiliations."""

from services.scoring.service_layer.reads import listed_judges, published_standing
from tests.unit.fakes.scoring import FakeScoringStore

from . import given


async def test_a_standing_is_answered_as_published_once_stored_and_not_before() -> None:
    store = FakeScoringStore()
    assert await published_standing("a", store) is None, "unknown nomination"
    await store.screened([(given.screened("a").data, "accepted", given.JUDGING)], {})
    assert await published_standing("a", store) is None, "screened, no standing stored yet"
    await store.store_standings({"a": (7, {"standing": 12.5, "rank_basis": "jury"})})
    assert await published_standing("a", store) == {"standing": 12.5, "rank_basis": "jury",
                                                    "version": 7}


async def test_judges_are_listed_without_their_affiliations() -> None:
    store = FakeScoringStore()
    registered = given.judge("j-1", affiliations=("وزارة الاتصالات",)).data
    await store.register_judge(registered, given.JUDGING)
    [listed] = await listed_judges(store)
    assert "affiliations" not in listed
    assert listed == registered.model_dump(exclude={"affiliations"})
    assert listed["judge_id"] == "j-1" and listed["categories"] == [given.CATEGORY]
