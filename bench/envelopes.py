"""What an outside system publishes: literal CloudEvents JSON, built here without the project's models
(like tests/e2e/events.py), so the bench sends exactly the bytes another system would.

Every nomination is valid and names a distinct nominee (name and account), so each is accepted and
none is a duplicate: the pipeline does its full work for every event.
"""

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

SOURCE = "https://portal.example.gov.eg"
SUBMITTED = "org.socialgov.awards.nomination.submitted.v1"
# Published in the README: nomination id = uuid5(this, source + "\x1f" + reference).
NOMINATION_NAMESPACE = uuid.UUID("0d8f6e1c-4b59-4a0e-8a8e-6c2f0f5b9a11")

COUNTRIES = ("EG", "JO", "IQ", "AE", "SA", "TN", "MA")
# sector, Arabic body, English body, organisation type
BODIES = (("health", "وزارة الصحة", "Ministry of Health", "ministry"),
          ("telecom-it", "هيئة تنظيم الاتصالات", "Telecommunications Regulatory Authority", "authority"),
          ("finance", "وزارة المالية", "Ministry of Finance", "ministry"),
          ("education", "وزارة التربية والتعليم", "Ministry of Education", "ministry"))
# category → the nominee kind it takes; the four categories of the first edition.
CATEGORIES = (("digital-content", "entity"), ("personalities", "person"),
              ("platforms-apps", "account"), ("societal-impact", "entity"))


@dataclass(frozen=True)
class Nomination:
    reference: str
    nomination_id: str
    key: bytes
    value: bytes


def nomination_id(reference: str, source: str = SOURCE) -> str:
    return str(uuid.uuid5(NOMINATION_NAMESPACE, f"{source}\x1f{reference}"))


def placement(index: int) -> tuple[str, str]:
    """Category and country of the ``index``-th nomination."""
    return CATEGORIES[index % len(CATEGORIES)][0], COUNTRIES[index % len(COUNTRIES)]


def nomination(run: str, index: int, edition_id: str, at: datetime | None = None) -> Nomination:
    """The ``index``-th nomination of a bench run, stamped ``at`` (now by default)."""
    reference = f"{run}-{index:06d}"
    category, country = placement(index)
    sector, body_ar, body_en, organisation = BODIES[index % len(BODIES)]
    kind = dict(CATEGORIES)[category]
    if kind == "person":
        nominee = {"kind": "person", "name_ar": f"سارة العلي {index}", "government_post": "الناطق الرسمي"}
    else:
        nominee = {"kind": kind, "name_ar": f"{body_ar} {index}", "name_en": f"{body_en} {index}",
                   "organisation_type": organisation}
    event = {
        "specversion": "1.0", "id": str(uuid.uuid4()), "source": SOURCE, "type": SUBMITTED,
        "time": (at or datetime.now(UTC)).isoformat(), "datacontenttype": "application/json",
        "data": {"reference": reference, "edition_id": edition_id, "category": category, "country": country,
                 "sector": sector, "nominee": nominee,
                 "accounts": [{"platform": "facebook",
                               "url": f"https://www.facebook.com/{sector}.{country.lower()}.{run}{index}"}]},
    }
    return Nomination(reference, nomination_id(reference), reference.encode(), _compact(event))


def jury_score(nomination_id_: str, judge_id: str, criteria: list[str], marks: list[float],
               at: datetime | None = None) -> bytes:
    """A judge's marks as a jury portal publishes them on ``judging.scores``."""
    return _compact({
        "specversion": "1.0", "id": str(uuid.uuid4()), "source": "https://jury.bench.example.org",
        "type": "org.socialgov.awards.judging.score.submitted.v1",
        "time": (at or datetime.now(UTC)).isoformat(), "datacontenttype": "application/json",
        "data": {"nomination_id": nomination_id_, "judge_id": judge_id, "version": 1,
                 "scores": dict(zip(criteria, marks, strict=True))},
    })


def vote(nomination_id_: str, edition_id: str, category: str, voter: str, at: datetime | None = None) -> bytes:
    """A public vote as the voting page publishes it on ``votes`` (``voter``: the HMAC of a verified
    contact, 64 hex digits)."""
    return _compact({
        "specversion": "1.0", "id": str(uuid.uuid4()), "source": "https://vote.bench.example.org",
        "type": "org.socialgov.awards.vote.cast.v1", "time": (at or datetime.now(UTC)).isoformat(),
        "datacontenttype": "application/json",
        "data": {"nomination_id": nomination_id_, "edition_id": edition_id, "category": category, "voter": voter},
    })


def _compact(event: dict) -> bytes:
    return json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()


def view_document(n: Nomination) -> dict:
    """A results read-model document the shape and size the results service stores for ``n``: the
    screening fields and a standing (L3 writes these without any of our code)."""
    data = json.loads(n.value)["data"]
    return {
        "status": "accepted", "reasons": [], "reference": data["reference"], "submitted_by": SOURCE,
        "edition_id": data["edition_id"], "category": data["category"], "country": data["country"],
        "sector": data["sector"], "nominee": data["nominee"], "accounts": data["accounts"],
        "search_ar": data["nominee"]["name_ar"], "search_en": data["nominee"].get("name_en", "").lower(),
        "screened_at": datetime.now(UTC),
        "edition": data["edition_id"], "standing": 0.0,
        "components": {"jury": None, "metrics": None, "public": None},
        "missing": ["jury", "metrics", "public"], "weights": {"jury": 60, "metrics": 25, "public": 15},
        "criteria": {}, "indicators": {}, "judges": 0, "votes": 0, "category_votes": 0,
    }
