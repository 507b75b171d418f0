"""The count of changes of each category's evidence (services/scoring/adapters/evidence.py), on the real
database server: two instances counting the same categories at once lose no change and never collide on
the counter's first write; a category never changed counts 0."""

import asyncio
import uuid

from pymongo import AsyncMongoClient

from services.scoring.adapters.evidence import MongoEvidence
from shared.ownership import SoleConsumer

DIGITAL, PLATFORMS, QUIET = ("e1", "digital-content"), ("e1", "platforms-apps"), ("e1", "special")


async def test_two_instances_counting_at_once_lose_no_change(mongo_client: AsyncMongoClient) -> None:
    db = mongo_client[f"category_changes_{uuid.uuid4().hex[:8]}"]
    here, elsewhere = MongoEvidence(db, SoleConsumer()), MongoEvidence(db, SoleConsumer())
    try:
        await asyncio.gather(*(store.note_changes({DIGITAL, PLATFORMS}) for _ in range(25)
                               for store in (here, elsewhere)))
        assert await here.changes_of([DIGITAL, PLATFORMS, QUIET]) == {DIGITAL: 50, PLATFORMS: 50, QUIET: 0}
        assert await here.changes_of([]) == {}
    finally:
        await mongo_client.drop_database(db.name)
