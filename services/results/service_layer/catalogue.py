"""The editions and categories the results service knows (from the ``editions`` topic), for answers a
newcomer can trust: an unknown edition or category is ``NotFound`` naming those that exist, while a known
one with nothing in it yet answers with empty content."""

from collections.abc import Callable

from shared.edition import Category, Edition

from .ports import EditionCatalogue


class NotFound(Exception):
    """What was asked for does not exist; the message says what does."""


class KnownEditions:
    """``book`` gives the edition catalogue of the live generation at each call (a rebuild may switch it)."""

    def __init__(self, book: Callable[[], EditionCatalogue]) -> None:
        self._book = book

    def get(self, edition_id: str) -> Edition | None:
        return self._book().get(edition_id)

    def edition(self, edition_id: str) -> Edition:
        """The edition, or ``NotFound`` naming the editions that exist."""
        edition = self.get(edition_id)
        if edition is None:
            known = self._book().known()
            raise NotFound(f"no edition {edition_id!r}; " + (
                f"the editions are: {', '.join(known)}" if known else "no edition is published yet"))
        return edition

    def category(self, edition_id: str, code: str) -> Category:
        """The edition's category, or ``NotFound`` naming the editions (unknown edition) or its categories."""
        edition = self.edition(edition_id)
        category = edition.category(code)
        if category is None:
            raise NotFound(f"no category {code!r} in edition {edition_id}; its categories are: "
                           + ", ".join(c.code for c in edition.categories))
        return category
