"""Judges, conflicts of interest and the panel's workload.

Conflict is detected, not only declared: a judge never scores a nominee of the judge's own country or of
an organisation the judge is affiliated with. Assignment is advisory workload: rendezvous hashing ranks
the eligible judges of a category for each nomination, so every nomination gets the same judges whatever
order judges and nominations arrived in, and the load spreads evenly in expectation.
"""

import hashlib
from dataclasses import dataclass

from shared.events.scoring import JudgeRegistered
from shared.names import normalise_arabic, normalise_latin


@dataclass(frozen=True)
class Judge:
    id: str
    country: str
    categories: frozenset[str]
    affiliations: frozenset[str]

    @classmethod
    def of(cls, registered: JudgeRegistered) -> "Judge":
        return cls(registered.judge_id, registered.country, frozenset(registered.categories),
                   frozenset(_organisation(a) for a in registered.affiliations))


@dataclass(frozen=True)
class Nominee:
    nomination_id: str
    category: str
    country: str
    names: frozenset[str]

    @classmethod
    def of(cls, nomination_id: str, category: str, country: str, name_ar: str, name_en: str | None) -> "Nominee":
        names = {_organisation(name_ar)} | ({_organisation(name_en)} if name_en else set())
        return cls(nomination_id, category, country, frozenset(names))


def _organisation(name: str) -> str:
    return normalise_latin(normalise_arabic(name))


def conflict(judge: Judge, nominee: Nominee) -> str | None:
    """The conflict code, if the judge may not score this nominee."""
    if judge.country == nominee.country:
        return "CONFLICT_OWN_COUNTRY"
    if judge.affiliations & nominee.names:
        return "CONFLICT_AFFILIATION"
    return None


def assigned_judges(nominee: Nominee, judges: list[Judge], recused: set[str], per_nomination: int) -> list[str]:
    eligible = [j.id for j in judges
                if nominee.category in j.categories and j.id not in recused and conflict(j, nominee) is None]
    return sorted(eligible, key=lambda judge_id: _weight(nominee.nomination_id, judge_id))[:per_nomination]


def _weight(nomination_id: str, judge_id: str) -> bytes:
    return hashlib.sha256(f"{nomination_id}\x1f{judge_id}".encode()).digest()
