"""Duplicate detection: the keys under which an accepted nominee is known in an edition and category.

The Arabic name is the *primary* key: it is always present, and claiming it is the single atomic step
that decides which of two simultaneous duplicates wins. English names and account handles are
*secondary* keys, recorded for the winner and looked up for every newcomer.
"""

from dataclasses import dataclass

from shared.events.nomination import NominationSubmitted
from shared.names import account_handle, normalise_arabic, normalise_latin


@dataclass(frozen=True)
class NomineeKeys:
    primary: str
    secondary: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return (self.primary, *self.secondary)


def nominee_keys(n: NominationSubmitted) -> NomineeKeys:
    scope = f"{n.edition_id}|{n.category}"
    secondary: list[str] = []
    if n.nominee.name_en and (latin := normalise_latin(n.nominee.name_en)):
        secondary.append(f"{scope}|en|{latin}")
    for account in n.accounts:
        if handle := account_handle(account.url):
            secondary.append(f"{scope}|account|{account.platform.casefold()}|{handle}")
    return NomineeKeys(primary=f"{scope}|ar|{normalise_arabic(n.nominee.name_ar)}",
                       secondary=tuple(dict.fromkeys(secondary)))
