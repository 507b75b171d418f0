"""Counting, after the dust settled (Jepsen-style: what was acknowledged must be there, once).

- acked but missing: acknowledged nominations the results read model does not hold (must be 0);
- votes counted twice: nominations whose stored vote count is above the votes ever sent for them (a send
  that timed out may still have been written), in the scoring aggregates or the results read model;
  votes missing: below the acknowledged ones, in either (both must be 0);
- duplicates delivered downstream: extra copies of one screening on ``nominations.screened`` (harmless:
  same event id, dropped by readers; reported) and screenings of one nomination under two event ids or
  with two outcomes (must be 0);
- boards that differ from those of a rebuild by replay of the same topics (must be 0; counted only in the
  cases that ask for it, chaos/rebuild_check.py);
- the HTTP intake: a 202 for a nomination the read model never holds, or a 5xx other than 503 (must be 0);
- emails: the same notification (recipient and subject) under two Message-IDs is a double notification
  (must be 0); a resend under the same Message-ID (a crash between the server's answer and the ledger's
  "done") is reported apart: receivers drop it by its Message-ID.
"""

import json
from collections import Counter
from typing import Any

from pymongo import AsyncMongoClient

from bench.pipeline import RunningPipeline
from tests.e2e.events import read_all

from .intake_probe import IntakeAnswers
from .load import Acked

ACCEPTED_SUBJECT = "قُبل ترشيح"  # the office's (Arabic) subject for an accepted nomination


async def counts(pipeline: RunningPipeline, client: AsyncMongoClient, acked: Acked,
                 mail: list[Any], intake: IntakeAnswers) -> dict[str, Any]:
    settings = pipeline.settings
    view = client[settings.database_name("results")]["nominations_view"]
    held = {doc["_id"]: doc async for doc in view.find({}, {"votes": 1, "status": 1, "nominee.name_ar": 1})}
    scoring = client[settings.database_name("scoring")]["nominations"]
    tallies = {doc["_id"]: doc.get("votes", 0) async for doc in scoring.find({}, {"votes": 1})}
    expected = Counter(target for target in acked.votes.values() if target in acked.nominations.values())
    sent = Counter(acked.votes_sent.values())
    screened = [json.loads(r.value) for r in await read_all(settings.kafka_bootstrap_servers,
                                                            settings.topic("nominations.screened"))]
    ids_per_nomination: dict[str, set[str]] = {}
    outcomes: dict[str, set[str]] = {}
    for event in screened:
        ids_per_nomination.setdefault(event["data"]["nomination_id"], set()).add(event["id"])
        outcomes.setdefault(event["data"]["nomination_id"], set()).add(event["type"])
    message_ids = Counter(str(m["Message-ID"]) for m in mail)
    ids_per_notice: dict[tuple[str, str], set[str]] = {}
    for m in mail:  # one acceptance email per nomination and recipient (other kinds may share a subject)
        if str(m["Subject"]).startswith(ACCEPTED_SUBJECT):
            ids_per_notice.setdefault((str(m["To"]), str(m["Subject"])), set()).add(str(m["Message-ID"]))
    return {
        "acked": len(acked.nominations) + len(acked.votes),
        "refused_during_fault": acked.refused,
        "acked_but_missing": sum(1 for nid in acked.nominations.values() if nid not in held),
        "votes_counted_twice": sum(1 for nid, n in tallies.items() if n > sent.get(nid, 0))
        + sum(1 for nid, doc in held.items() if (doc.get("votes") or 0) > sent.get(nid, 0)),
        "votes_missing": sum(1 for nid, n in expected.items() if tallies.get(nid, 0) < n)
        + sum(1 for nid, n in expected.items() if ((held.get(nid) or {}).get("votes") or 0) < n),
        "votes_missing_in_scoring": sum(1 for nid, n in expected.items() if tallies.get(nid, 0) < n),
        "duplicate_records_downstream": len(screened) - len(ids_per_nomination),
        "decided_twice": sum(1 for ids in ids_per_nomination.values() if len(ids) > 1)
        + sum(1 for kinds in outcomes.values() if len(kinds) > 1),  # accepted and rejected both
        "intake_answers": dict(sorted(intake.statuses.items())),
        "intake_202_missing": sum(1 for nid in intake.accepted if nid not in held),
        "intake_5xx_not_503": sum(n for status, n in intake.statuses.items() if status >= 500 and status != 503),
        "emails": len(mail),
        "acceptance_emails_missing": len(
            {d["nominee"]["name_ar"] for d in held.values() if d.get("status") == "accepted"}
            - {subject[len(ACCEPTED_SUBJECT) + 1:] for _, subject in ids_per_notice}),
        "emails_resent_same_message_id": sum(n - 1 for n in message_ids.values()),
        "notified_twice": sum(1 for ids in ids_per_notice.values() if len(ids) > 1),
    }


COUNTED = ("acked_but_missing", "votes_counted_twice", "votes_missing", "decided_twice", "notified_twice",
                "acceptance_emails_missing", "intake_202_missing", "intake_5xx_not_503")
# Only for the cases that ask for it (chaos/rebuild_check.py); None in the others.
MUST_BE_ZERO = (*COUNTED, "boards_differ_from_rebuild")
