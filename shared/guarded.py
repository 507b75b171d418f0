"""The version-guarded single-document write every projection uses to stay idempotent without
transactions.

Contract: ``apply_if_newer(collection, _id, guard, value, update)`` applies ``update`` to the document
only if its ``guard`` field is absent or lower than ``value`` (and sets ``guard`` to ``value``), creating
the document when it does not exist. It answers False when an equal or newer value is already stored: a
repeated or stale event changes nothing. (An upsert whose filter misses an existing ``_id`` raises a
duplicate-key error; that is how "already newer" shows.) ``apply_all_if_newer`` does the same for many
documents in one unordered bulk write; the duplicate-key refusals are expected and ignored, any other
refusal raises.

A write that stands for a run of positions (the votes of one nomination counted from one partition, at
offsets ``since`` … ``value``) passes ``since``: it is refused once the stored guard reached the first of
them, and sets the guard to the last, so the run is applied at most once, whole.

A document replaced whole by writers that each read it first (compare-and-set) uses
``replace_if_version(collection, _id, expected, document)``: it replaces the document only while its
``version`` field is still ``expected``, the version the writer read, and with ``expected`` None creates
it only if no document has that ``_id``. It answers False when another writer moved or created the
document first; the caller reads it again and decides again. ``document`` carries its own new version.
"""

from typing import Any

from pymongo import UpdateOne
from pymongo.errors import BulkWriteError, DuplicateKeyError

from shared.mongo import duplicates_refused


def if_newer(document_id: str, guard: str, value: Any, update: dict[str, Any], *,
             create: bool = True, since: Any = None) -> UpdateOne:
    """The guarded write as one operation of a bulk write (the same filter and update)."""
    return UpdateOne(*_guarded(document_id, guard, value, update, since), upsert=create)


async def apply_if_newer(collection: Any, document_id: str, guard: str, value: Any,
                         update: dict[str, Any], *, create: bool = True) -> bool:
    try:
        result = await collection.update_one(*_guarded(document_id, guard, value, update), upsert=create)
    except DuplicateKeyError:
        return False
    return bool(result.upserted_id is not None or result.modified_count)


async def apply_all_if_newer(collection: Any, updates: dict[Any, UpdateOne]) -> None:
    """``{document id: if_newer(...)}`` through the collection's ``bulk_update`` (``OwnedDocuments``)."""
    if not updates:
        return
    try:
        await collection.bulk_update(updates)
    except BulkWriteError as error:
        duplicates_refused(error)


async def replace_if_version(collection: Any, document_id: str, expected: int | None,
                             document: dict[str, Any], *, field: str = "version") -> bool:
    if expected is None:
        try:
            await collection.insert_one({**document, "_id": document_id})
        except DuplicateKeyError:
            return False
        return True
    result = await collection.replace_one({"_id": document_id, field: expected}, document)
    return bool(result.matched_count)


def _guarded(document_id: str, guard: str, value: Any, update: dict[str, Any],
             since: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
    below = value if since is None else since
    sets = {**update.get("$set", {}), guard: value}
    return ({"_id": document_id, "$or": [{guard: {"$lt": below}}, {guard: {"$exists": False}}]},
            {**update, "$set": sets})
