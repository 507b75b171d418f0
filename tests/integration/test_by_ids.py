"""``shared.mongo.by_ids`` over more ids than one ``_id $in`` list may hold (see ``ID_LIST_MAX``)."""

import uuid

from pymongo import AsyncMongoClient

from shared.mongo import ID_LIST_MAX, by_ids, id_lists


def test_id_lists_keep_every_id_in_order_in_lists_none_empty_none_too_long() -> None:
    ids = [f"k{i}" for i in range(2 * ID_LIST_MAX + 1)]
    lists = id_lists(iter(ids))
    assert [len(chunk) for chunk in lists] == [ID_LIST_MAX, ID_LIST_MAX, 1]
    assert [i for chunk in lists for i in chunk] == ids
    assert id_lists([]) == []


async def test_every_present_document_is_found_once_among_thousands_of_ids(mongo_client: AsyncMongoClient) -> None:
    docs = mongo_client[f"server_{uuid.uuid4().hex[:8]}"]["docs"]
    await docs.insert_many([{"_id": f"n{i:05d}", "v": i} for i in range(0, 5_000, 2)])
    wanted = [f"n{i:05d}" for i in range(2_600)]  # half of them absent
    found = await by_ids(docs, wanted, {"v": 1})
    assert sorted(doc["_id"] for doc in found) == [f"n{i:05d}" for i in range(0, 2_600, 2)]
    assert all(doc["v"] == int(doc["_id"][1:]) for doc in found)
    assert await by_ids(docs, []) == []
