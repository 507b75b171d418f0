"""Bulk import for staff: submits every row of a CSV or JSON file through the HTTP intake, waits for
each screening, and reports accepted / rejected (with reasons) per row.

    python -m infra.import_nominations nominations.csv --key $KEY [--url http://127.0.0.1:8001]
                                       [--report report.csv] [--wait 120]

CSV columns: reference, edition_id, category, country, sector, nominee_kind, name_ar, name_en,
organisation_type, government_post, accounts ("platform=url" pairs separated by "|"). A JSON file is a
list of objects of the intake's own model. A row that does not fit the model is reported with its
field paths and not sent.
"""

import argparse
import asyncio
import csv
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import httpx
from pydantic import ValidationError

from shared.events.nomination import NominationSubmitted


@dataclass
class Row:
    number: int
    reference: str
    nomination: NominationSubmitted | None = None
    nomination_id: str | None = None
    status: str = "invalid"
    reasons: list[str] = field(default_factory=list)


def read_rows(path: Path) -> list[Row]:
    text = path.read_text(encoding="utf-8-sig")
    raw: list[dict[str, Any]] = (json.loads(text) if path.suffix.lower() == ".json"
                                 else [_from_csv(r) for r in csv.DictReader(text.splitlines())])
    rows = []
    for number, item in enumerate(raw, 1):
        row = Row(number, str(item.get("reference", "")))
        try:
            row.nomination = NominationSubmitted.model_validate(item)
            row.status = "pending"
        except ValidationError as error:
            row.reasons = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()]
        rows.append(row)
    return rows


def _from_csv(record: dict[str, str]) -> dict[str, Any]:
    value = {k: (v.strip() or None) for k, v in record.items() if k}
    accounts = [pair.split("=", 1) for pair in (value.pop("accounts", None) or "").split("|") if "=" in pair]
    return {
        "reference": value.get("reference"), "edition_id": value.get("edition_id"),
        "category": value.get("category"), "country": value.get("country"), "sector": value.get("sector"),
        "nominee": {"kind": value.get("nominee_kind"), "name_ar": value.get("name_ar"),
                    "name_en": value.get("name_en"), "organisation_type": value.get("organisation_type"),
                    "government_post": value.get("government_post")},
        "accounts": [{"platform": p.strip(), "url": u.strip()} for p, u in accounts],
    }


def progress(label: str, done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    print(f"\r{label:<10} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="",
          file=sys.stderr, flush=True)
    if done == total:
        print(file=sys.stderr)


async def submit_all(rows: list[Row], http: httpx.AsyncClient, key: str) -> None:
    sendable = [r for r in rows if r.nomination is not None]
    for done, row in enumerate(sendable, 1):
        assert row.nomination is not None
        response = await http.post("/nominations", headers={"X-API-Key": key},
                                   content=row.nomination.model_dump_json(exclude_none=True))
        if response.status_code == 202:
            row.nomination_id = response.json()["nomination_id"]
        else:
            row.status = "not submitted"
            row.reasons = [f"HTTP {response.status_code}: {response.text[:300]}"]
        progress("submitted", done, len(sendable))


async def wait_for_outcomes(rows: list[Row], http: httpx.AsyncClient, wait_s: float) -> None:
    waiting = [r for r in rows if r.nomination_id and r.status == "pending"]
    deadline, total = time.monotonic() + wait_s, len(waiting)
    while waiting and time.monotonic() < deadline:
        for row in list(waiting):
            response = await http.get(f"/nominations/{row.nomination_id}")
            if response.status_code == 200:
                body = response.json()
                row.status = body["status"]
                row.reasons = [f"{r['code']}: {r['en']}" for r in body.get("reasons", [])]
                waiting.remove(row)
        progress("screened", total - len(waiting), total)
        if waiting:
            await asyncio.sleep(0.5)


async def run_import(path: Path, url: str, key: str, wait_s: float) -> list[Row]:
    rows = read_rows(path)
    async with httpx.AsyncClient(base_url=url, timeout=30, headers={"content-type": "application/json"}) as http:
        await submit_all(rows, http, key)
        await wait_for_outcomes(rows, http, wait_s)
    return rows


def write_report(rows: list[Row], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(["row", "reference", "nomination_id", "status", "reasons"])
    for row in rows:
        writer.writerow([row.number, row.reference, row.nomination_id or "", row.status, " | ".join(row.reasons)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path)
    parser.add_argument("--url", default="http://127.0.0.1:8001")
    parser.add_argument("--key", required=True, help="an intake API key (X-API-Key)")
    parser.add_argument("--report", type=Path, help="write the per-row report here (CSV) too")
    parser.add_argument("--wait", type=float, default=120, help="seconds to wait for the screenings")
    arguments = parser.parse_args()
    rows = asyncio.run(run_import(arguments.file, arguments.url, arguments.key, arguments.wait))
    write_report(rows, sys.stdout)
    if arguments.report:
        with arguments.report.open("w", encoding="utf-8-sig", newline="") as out:
            write_report(rows, out)
    counts = {s: sum(r.status == s for r in rows) for s in dict.fromkeys(r.status for r in rows)}
    print("summary: " + ", ".join(f"{n} {s}" for s, n in counts.items()), file=sys.stderr)
    return 1 if any(r.status in ("invalid", "not submitted", "pending") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
