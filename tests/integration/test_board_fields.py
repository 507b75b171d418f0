"""The results service keeps only ``BOARD_FIELDS`` of each nomination for its board rounds: on the real
MongoDB-protocol server (which applies the projection, dotted fields included), the boards, tables,
progress and winners computed from what it keeps — in memory while sole, from the database otherwise —
equal those computed from the whole documents."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import AsyncMongoClient

from services.results.adapters.nominations_view import MongoNominationsView, _public
from services.results.domain.leaderboard import country_table, leaderboard, sector_table, winners
from services.results.domain.progress import progress_table
from services.results.domain.views import newest_standings, screenings
from shared.events.envelope import new_event
from shared.events.nomination import (
    NominationAccepted,
    NominationAcceptedEvent,
    NominationRejected,
    NominationRejectedEvent,
)
from shared.events.scoring import StandingComponents, StandingUpdated, StandingUpdatedEvent

EDITION = "sga-fields"
START = datetime(2026, 11, 1, tzinfo=UTC)


@dataclass
class Ownership:
    sole: bool
    epoch: int = 0


def screened(i: int) -> Any:
    fields = {"nomination_id": f"n-{i:03d}", "reference": f"ref-{i}", "submitted_by": "https://portal.example.org",
              "edition_id": EDITION, "category": ("digital-content", "innovation")[i % 2],
              "country": ("EG", "JO", "MA")[i % 3], "sector": ("health", None, "finance")[i % 3],
              "nominee": {"kind": "entity", "name_ar": f"جهة {i}", "name_en": None if i % 4 else f"Body {i}",
                          "organisation_type": "ministry"},
              "accounts": [{"platform": "x", "url": f"https://x.com/body{i}"}]}
    if i % 7 == 6:
        data = NominationRejected(**fields, reasons=[{"code": "late", "en": "Late", "ar": "متأخر"}])
        return new_event(NominationRejectedEvent, data, id=f"s-{i}", source="urn:test", time=START)
    return new_event(NominationAcceptedEvent, NominationAccepted(**fields), id=f"s-{i}", source="urn:test",
                     time=START + timedelta(minutes=i % 5))


def standing(i: int) -> StandingUpdatedEvent:
    data = StandingUpdated(
        nomination_id=f"n-{i:03d}", edition_id=EDITION, category=("digital-content", "innovation")[i % 2],
        country=("EG", "JO", "MA")[i % 3], version=1 + i % 3, standing=40 + 5 * (i % 4),  # ties: the tie-breaks count
        components=StandingComponents(jury=None if i % 5 == 0 else 50 + i % 2, metrics=30 + i % 4, public=None),
        missing=["jury", "public"] if i % 5 == 0 else ["public"], weights={"jury": 60, "metrics": 30, "public": 10},
        criteria={"transparency": i % 3, "creativity": i % 6}, indicators={"reach": 0.5}, judges=i % 4,
        votes=i % 11, category_votes=40)
    return new_event(StandingUpdatedEvent, data, id=f"u-{i}", source="urn:test", time=START)


def everything(nominations: list[dict[str, Any]]) -> dict[str, Any]:
    boards = {c: leaderboard([n for n in nominations if n["category"] == c]) for c in ("digital-content", "innovation")}
    medals = winners(boards)
    return {"boards": boards, "medals": medals, "countries": country_table(nominations, medals),
            "sectors": sector_table(nominations, medals), "progress": progress_table(nominations, 3)}


async def test_the_fields_kept_for_the_rounds_give_the_boards_the_whole_documents_give(
        mongo_client: AsyncMongoClient) -> None:
    db = mongo_client[f"fields_{uuid.uuid4().hex[:8]}"]
    writer = MongoNominationsView(db, Ownership(sole=True))
    await writer.apply_screenings(screenings([screened(i) for i in range(40)]))
    # n-040's standing came before its screening: its document has no nomination_id field yet
    standings = [standing(i) for i in range(40) if i % 7 != 6 and i % 8] + [standing(40)]
    await writer.apply_standings(newest_standings(standings))
    whole = sorted([_public(doc) async for doc in db["nominations_view"].find({})], key=lambda n: n["nomination_id"])
    expected = everything(whole)
    assert {n["nomination_id"] for row in expected["boards"].values() for n in row} and expected["medals"]

    for sole in (True, False):
        kept = sorted(await MongoNominationsView(db, Ownership(sole)).of_edition(EDITION),
                      key=lambda n: n["nomination_id"])
        assert everything(kept) == expected, f"sole={sole}"
        assert len(kept) == 41 and all(n["nomination_id"] == n["_id"] for n in kept)
        assert not {"accounts", "reasons", "indicators", "search_ar", "reference"} & {k for n in kept for k in n}
        assert all(set(n.get("nominee", {})) <= {"name_ar", "name_en"} for n in kept)
