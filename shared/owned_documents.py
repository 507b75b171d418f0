"""A collection's documents kept in this process's memory while it is their only writer.

Contract: ``OwnedDocuments(collection, ownership)`` stands for the collection. Every write made through it
(``update_one``, ``replace_one``, ``insert_one``, ``delete_one``, each naming one ``_id``, and
``bulk_update``, ``{document id: UpdateOne}`` in one unordered bulk write) marks its documents touched once
the call returns or fails. ``matching(query)`` answers the documents whose top-level fields equal a query's:
while ``ownership.sole`` holds (see ``shared.ownership``) from memory, first refreshed by reading back only
the touched documents (``_id $in``), or the whole collection when the ownership epoch changed since the last
load; otherwise straight from the database, and memory is let go (documents, stamps and touched ids: the
next sole round loads the whole collection anyway), so nothing piles up while other instances write too. So
the periodic rounds that need a whole category or edition (standings, leaderboards) cost what was written
since the last round, not the size of the collection. A caller must not modify the documents it is given.
``stamp(id)`` is the refresh in which a document kept in memory was last loaded (None when it is not kept):
a document with the same stamp as before is unchanged, which lets a round compute again only what was
written since the last one without holding on to the documents themselves. ``absent(id)`` is true only when
this process knows the document does not exist: sole writer, nothing written to that id since the documents
were read, and not among them. ``fields``, when given, are the only fields (besides ``_id``) the documents
answered by ``matching`` hold, from memory or not: what a round needs, not what the read model shows (a
query may name only those fields).
"""

import asyncio
import sys
from collections.abc import Iterable
from operator import itemgetter
from typing import Any, Protocol

from shared.mongo import id_lists


class Ownership(Protocol):
    """Whether this process is the only writer, and which assignment it is in (``shared.ownership``)."""

    @property
    def sole(self) -> bool: ...

    @property
    def epoch(self) -> int: ...


class OwnedDocuments:
    def __init__(self, collection: Any, ownership: Ownership, fields: Iterable[str] | None = None) -> None:
        self.collection = collection
        self.ownership = ownership
        self._projection = dict.fromkeys(fields, 1) if fields is not None else None
        self.touched: set[Any] = set()
        self._reading: set[Any] = set()  # touched ids being read back
        self._documents: dict[Any, dict[str, Any]] = {}
        self._stamps: dict[Any, int] = {}
        self._refreshes = 0
        self._epoch: int | None = None
        self._refreshing = asyncio.Lock()

    async def update_one(self, filter: dict[str, Any], update: Any, **options: Any) -> Any:
        try:
            return await self.collection.update_one(filter, update, **options)
        finally:
            self.touched.add(filter["_id"])

    async def replace_one(self, filter: dict[str, Any], replacement: Any, **options: Any) -> Any:
        try:
            return await self.collection.replace_one(filter, replacement, **options)
        finally:
            self.touched.add(filter["_id"])

    async def insert_one(self, document: dict[str, Any], **options: Any) -> Any:
        try:
            return await self.collection.insert_one(document, **options)
        finally:
            self.touched.add(document["_id"])

    async def delete_one(self, filter: dict[str, Any], **options: Any) -> Any:
        try:
            return await self.collection.delete_one(filter, **options)
        finally:
            self.touched.add(filter["_id"])

    async def bulk_update(self, updates: dict[Any, Any]) -> Any:
        """``{document id: UpdateOne}`` in one unordered bulk write."""
        try:
            return await self.collection.bulk_write(list(updates.values()), ordered=False)
        finally:
            self.touched.update(updates)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.collection, name)

    def absent(self, document_id: Any) -> bool:
        return (self.ownership.sole and self._epoch == self.ownership.epoch and document_id not in self._documents
                and document_id not in self.touched and document_id not in self._reading)

    def stamp(self, document_id: Any) -> int | None:
        return self._stamps.get(document_id) if self._epoch is not None else None

    async def matching(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        if not self.ownership.sole:
            self._forget()
            return [doc async for doc in self.collection.find(query, self._projection)]
        async with self._refreshing:
            if self._epoch != self.ownership.epoch:
                await self._load()
            else:
                await self._read_back()
        return _equal(self._documents.values(), query)

    def _forget(self) -> None:
        self._epoch = None
        self.touched, self._documents, self._stamps = set(), {}, {}

    async def _load(self) -> None:
        epoch = self.ownership.epoch
        self.touched, self._refreshes = set(), self._refreshes + 1
        self._documents = {doc["_id"]: _compact(doc) async for doc in self.collection.find({}, self._projection)}
        self._stamps = dict.fromkeys(self._documents, self._refreshes)
        self._epoch = epoch

    async def _read_back(self) -> None:
        ids, self.touched, self._refreshes = list(self.touched), set(), self._refreshes + 1
        self._reading = set(ids)
        try:
            for chunk in id_lists(ids):
                reading = self.collection.find({"_id": {"$in": chunk}}, self._projection)
                found = {doc["_id"]: doc async for doc in reading}
                for document_id in chunk:
                    if document_id in found:
                        self._documents[document_id] = _compact(found[document_id])
                        self._stamps[document_id] = self._refreshes
                    else:
                        self._documents.pop(document_id, None)
                        self._stamps.pop(document_id, None)
        except BaseException:
            self.touched.update(ids)  # read back next time
            raise
        finally:
            self._reading = set()


def _equal(documents: Any, query: dict[str, Any]) -> list[dict[str, Any]]:
    """The documents whose fields equal the query's, as the server compares them (a missing field equals
    None); one ``itemgetter`` per document, ten times faster than comparing field by field at 20,000."""
    if not query:
        return list(documents)
    fields, wanted = itemgetter(*query), tuple(query.values()) if len(query) > 1 else next(iter(query.values()))
    found = []
    for document in documents:
        try:
            equal = fields(document) == wanted
        except KeyError:
            equal = all(document.get(k) == v for k, v in query.items())
        if equal:
            found.append(document)
    return found


def _compact(value: Any) -> Any:
    """The document with its keys and short strings interned: the driver decodes a fresh string for
    every key of every document, about half of a kept document's memory (measured on the read model:
    5.5 KB per document, 3.0 KB interned; scoring's 4.1 → 1.5 KB)."""
    if isinstance(value, dict):
        return {sys.intern(k): _compact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    if isinstance(value, str) and len(value) <= 40:
        return sys.intern(value)
    return value
