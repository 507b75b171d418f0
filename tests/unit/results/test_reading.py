"""What the results API answers (services/results/service_layer/reading.py), on fakes: a known edition's
board not built yet is empty, an unknown edition or category names what exists, winners exist only once
finalised, and the printable sheet shows provisional medals until then."""

import pytest

from services.results.service_layer.catalogue import KnownEditions, NotFound
from services.results.service_layer.reading import ResultsReader
from tests.unit.results.given import CATEGORY, EDITION, Results


def reader_of(results: Results) -> ResultsReader:
    return ResultsReader(results.boards, KnownEditions(lambda: results.editions))


async def test_a_known_board_not_built_yet_is_empty_and_unknown_ones_name_what_exists() -> None:
    reader = reader_of(Results())
    empty = await reader.leaderboard(EDITION.id, CATEGORY, 0, 10)
    assert (empty.rows, empty.about["version"], empty.about["frozen"]) == ([], 0, False)
    assert (await reader.table(EDITION.id, "countries")).rows == []
    with pytest.raises(NotFound, match=f"its categories are: {CATEGORY}"):
        await reader.leaderboard(EDITION.id, "no-such-category", 0, 10)
    with pytest.raises(NotFound, match=f"the editions are: {EDITION.id}"):
        await reader.leaderboards("2030-none")


async def test_a_page_of_a_board_and_its_tag_follow_the_version_and_the_freeze() -> None:
    results = Results()
    await results.judged({"a": 1, "b": 1, "c": 1})
    reader = reader_of(results)
    page = await reader.leaderboard(EDITION.id, CATEGORY, 1, 1)
    assert [r["nomination_id"] for r in page.rows] == ["b"] and page.about["total"] == 3
    assert [b["category"] for b in await reader.leaderboards(EDITION.id)] == [CATEGORY]

    with pytest.raises(NotFound, match="not finalised yet"):
        await reader.winners(EDITION.id)
    _, state, provisional = await reader.medals(EDITION.id)
    assert state is None and [m["nomination_id"] for m in provisional] == ["a", "b", "c"]

    await results.publisher.finalise(EDITION.id, force=True, reason="the panel could not meet")
    frozen = await reader.leaderboard(EDITION.id, CATEGORY, 1, 1)
    assert frozen.tag != page.tag and frozen.about["frozen"] is True
    assert (await reader.winners(EDITION.id)).about["forced_because"] == "the panel could not meet"


async def test_names_and_late_events_of_an_unknown_edition_are_not_found() -> None:
    reader = reader_of(Results())
    assert reader.names(EDITION.id)["categories"][CATEGORY]["en"]
    assert await reader.late_events(EDITION.id) == []
    with pytest.raises(NotFound):
        reader.names("x")
    with pytest.raises(NotFound):
        await reader.late_events("x")
