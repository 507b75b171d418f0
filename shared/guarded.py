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
    """``{document id: if_newer(...)}`` through the collection's ``bulk_update``."""
    if not updates:
        return
    try:
        await collection.bulk_update(updates)
    except BulkWriteError as error:
        duplicates_refused(error)


def _guarded(document_id: str, guard: str, value: Any, update: dict[str, Any],
             since: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
    below = value if since is None else since
    sets = {**update.get("$set", {}), guard: value}
    return ({"_id": document_id, "$or": [{guard: {"$lt": below}}, {guard: {"$exists": False}}]},
            {**update, "$set": sets})
