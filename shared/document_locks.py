"""Serialises this process's writes to one document.

FerretDB v1 (the MongoDB-protocol server used without Docker) applies an update as an unisolated
read-modify-write of the whole document: of two concurrent updates to one document, one is lost
(measured here: 300 of 300 concurrent pairs lost a field). MongoDB itself is atomic per document, but
the code must be right on both, so every write to a document that several consumers of one process
touch goes through ``DocumentLocks.hold(document_id)``. Across processes this cannot help: on FerretDB
run one instance per service (the compose file's MongoDB has no such limit).
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.results import BulkWriteResult, UpdateResult

from shared.mongo import Document


class DocumentLocks:
    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._waiting: dict[str, int] = {}

    @asynccontextmanager
    async def hold(self, document_id: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(document_id, asyncio.Lock())
        self._waiting[document_id] = self._waiting.get(document_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._waiting[document_id] -= 1
            if not self._waiting[document_id]:  # nobody else holds or waits: forget it
                del self._waiting[document_id], self._locks[document_id]


class SerialisedWrites:
    """A collection whose ``update_one`` calls for one ``_id`` never overlap within this process."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection
        self.locks = DocumentLocks()

    async def update_one(self, filter: dict[str, Any], update: Document | list[Document],
                         **options: Any) -> UpdateResult:
        async with self.locks.hold(str(filter["_id"])):
            return await self.collection.update_one(filter, update, **options)

    async def bulk_update(self, updates: dict[str, UpdateOne]) -> BulkWriteResult:
        """One unordered bulk write of ``{document id: UpdateOne}``, holding every named document's lock
        (taken in id order: a caller holds one lock at a time or takes them here, so none waits in a cycle)."""
        async with AsyncExitStack() as held:
            for document_id in sorted(updates):
                await held.enter_async_context(self.locks.hold(str(document_id)))
            return await self.collection.bulk_write(list(updates.values()), ordered=False)

    def __getattr__(self, name: str) -> Any:
        """Every other method of the collection (reads, inserts, deletes), unchanged."""
        return getattr(self.collection, name)
