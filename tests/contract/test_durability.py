"""The writes that decide something are acknowledged by a majority with journal; the derived ones take
the connection's write concern (``shared/durability.py``). Checked on the adapters as the services
build them, without a server (the client connects on first use)."""

from collections.abc import Iterator

import pytest
from pymongo import AsyncMongoClient, WriteConcern

from services.nomination.adapters.registry import MongoNominationRegistry, MongoNomineeIndex
from services.notification.adapters.deliveries import MongoDeliveries
from services.notification.adapters.subscriptions import MongoSubscriptions
from services.results.adapters.boards import MongoBoards
from services.results.adapters.generations import MongoGenerationPointer
from services.scoring.adapters.evidence import MongoEvidence
from shared.ownership import SoleConsumer
from shared.settings import CommonSettings


@pytest.fixture
def client() -> Iterator[AsyncMongoClient]:
    yield AsyncMongoClient("mongodb://127.0.0.1:9", connect=False)


def test_registry_ledgers_judging_subscriptions_and_winners_are_written_with_deciding(client: AsyncMongoClient) -> None:
    db = client["awards_test"]
    evidence = MongoEvidence(db, SoleConsumer())
    boards = MongoBoards(db)
    deciding = {
        "nominations": MongoNominationRegistry(db).collection,
        "nominee_index": MongoNomineeIndex(db).collection,
        "voters": evidence.voters,
        "voter_codes": evidence.voter_codes.collection,
        "judges": evidence.judges,
        "recusals": evidence.recusals,
        "deliveries": MongoDeliveries(db).collection,
        "subscriptions": MongoSubscriptions(db, []).collection,
        "editions_state": boards.editions,
        "generation": MongoGenerationPointer(client, CommonSettings()).home,
    }
    assert {name: c.write_concern.document for name, c in deciding.items()} == \
        dict.fromkeys(deciding, {"w": "majority", "j": True})


def test_read_models_take_the_connections_write_concern(client: AsyncMongoClient) -> None:
    boards = MongoBoards(client["awards_test"])
    assert boards.boards.write_concern == boards.pages.write_concern == WriteConcern()
