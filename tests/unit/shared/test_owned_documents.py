"""``shared.owned_documents`` on an in-memory collection: what memory answers while sole, and that nothing
piles up while other instances write too (the real database server's answers are in
tests/integration/test_owned_documents.py)."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from shared.owned_documents import OwnedDocuments

MANY = 10_000


@dataclass
class Ownership:
    sole: bool = True
    epoch: int = 0


class Collection:
    """Equality queries and ``_id $in``, counting the documents each find reads."""

    def __init__(self) -> None:
        self.documents: dict[Any, dict[str, Any]] = {}
        self.read = 0

    async def update_one(self, filter: dict[str, Any], update: dict[str, Any], upsert: bool = False) -> None:
        if filter["_id"] in self.documents or upsert:
            self.documents.setdefault(filter["_id"], {"_id": filter["_id"]}).update(update["$set"])

    async def insert_one(self, document: dict[str, Any]) -> None:
        self.documents[document["_id"]] = dict(document)

    async def find(self, query: dict[str, Any], projection: Any = None) -> AsyncIterator[dict[str, Any]]:
        for document in list(self.documents.values()):
            if all(document["_id"] in wanted["$in"] if isinstance(wanted, dict) else document.get(field) == wanted
                   for field, wanted in query.items()):
                self.read += 1
                yield dict(document)


async def test_while_sole_a_round_reads_back_only_what_was_written_since_the_last() -> None:
    collection, ownership = Collection(), Ownership()
    owned = OwnedDocuments(collection, ownership)
    for n in range(5):
        await owned.insert_one({"_id": n, "kind": "x", "n": n})
    assert len(await owned.matching({"kind": "x"})) == 5
    unchanged = owned.stamp(0)

    collection.read = 0
    await owned.update_one({"_id": 3}, {"$set": {"n": 30}})
    assert sorted(d["n"] for d in await owned.matching({"kind": "x"})) == [0, 1, 2, 4, 30]
    assert collection.read == 1 and owned.stamp(0) == unchanged != owned.stamp(3)


async def test_while_not_sole_writes_to_many_documents_do_not_pile_up_in_memory() -> None:
    collection, ownership = Collection(), Ownership()
    owned = OwnedDocuments(collection, ownership)
    await owned.insert_one({"_id": "first", "kind": "x"})
    await owned.matching({"kind": "x"})
    assert owned.stamp("first") is not None  # kept in memory while sole

    ownership.sole, ownership.epoch = False, 1
    for n in range(MANY):
        await owned.update_one({"_id": n}, {"$set": {"kind": "x"}}, upsert=True)
    assert len(owned.touched) == MANY
    assert len(await owned.matching({"kind": "x"})) == MANY + 1  # from the database
    assert owned.touched == set() and owned.stamp("first") is None

    ownership.sole, ownership.epoch = True, 2  # sole again: loaded whole, written ids not needed
    collection.read = 0
    assert len(await owned.matching({"kind": "x"})) == MANY + 1
    assert collection.read == MANY + 1 and owned.stamp(MANY - 1) is not None
