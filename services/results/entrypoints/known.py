"""The editions and categories the results service knows (from the ``editions`` topic), for answers a
newcomer can trust: an unknown edition or category answers 404 naming those that exist, while a known one
with nothing in it yet answers 200 with empty content."""

from collections.abc import Callable

from fastapi import HTTPException

from shared.edition import Category, Edition
from shared.editions import EditionBook


class KnownEditions:
    """``book`` gives the edition book of the live generation at each call (a rebuild may switch it)."""

    def __init__(self, book: Callable[[], EditionBook]) -> None:
        self._book = book

    def get(self, edition_id: str) -> Edition | None:
        return self._book().get(edition_id)

    def edition(self, edition_id: str) -> Edition:
        """The edition, or 404 naming the editions that exist."""
        edition = self.get(edition_id)
        if edition is None:
            known = self._book().known()
            raise HTTPException(404, detail=f"no edition {edition_id!r}; " + (
                f"the editions are: {', '.join(known)}" if known else "no edition is published yet"))
        return edition

    def category(self, edition_id: str, code: str) -> Category:
        """The edition's category, or 404 naming the editions (unknown edition) or its categories."""
        edition = self.edition(edition_id)
        category = edition.category(code)
        if category is None:
            raise HTTPException(404, detail=f"no category {code!r} in edition {edition_id}; its categories are: "
                                            + ", ".join(c.code for c in edition.categories))
        return category
