"""Staff bulk import through the real HTTP intake, Kafka and the nomination service."""

import csv
import uuid
from pathlib import Path

from infra.import_nominations import run_import, write_report
from tests.e2e.conftest import INTAKE_KEY, OPEN_EDITION, Pipeline

HEADER = ["reference", "edition_id", "category", "country", "sector", "nominee_kind", "name_ar", "name_en",
          "organisation_type", "government_post", "accounts"]


async def test_a_csv_of_many_rows_is_reported_row_by_row(pipeline: Pipeline, tmp_path: Path) -> None:
    run = uuid.uuid4().hex[:6]
    rows = [[f"B{run}-{i:03d}", OPEN_EDITION, "digital-content", "MA", "health", "entity",
             f"مديرية الصحة رقم {i} {run}", f"Health Directorate {i} {run}", "agency", "",
             f"facebook=https://www.facebook.com/dir{i}{run}|x=https://x.com/dir{i}{run}"]
            for i in range(1, 61)]
    rows.append([f"B{run}-LY", OPEN_EDITION, "digital-content", "LY", "health", "entity", "وزارة ليبية",
                 "", "ministry", "", "facebook=https://www.facebook.com/ly"])
    rows.append([f"B{run}-BAD", OPEN_EDITION, "digital-content", "morocco", "", "robot", "", "", "", "", ""])
    path = tmp_path / "nominations.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as out:  # with a BOM, as Excel saves it
        csv.writer(out).writerows([HEADER, *rows])

    report = await run_import(path, pipeline.services["nomination"].url, INTAKE_KEY, wait_s=120)

    by_reference = {row.reference: row for row in report}
    assert [by_reference[f"B{run}-{i:03d}"].status for i in range(1, 61)] == ["accepted"] * 60
    assert by_reference[f"B{run}-LY"].status == "rejected"
    assert by_reference[f"B{run}-LY"].reasons[0].startswith("COUNTRY_NOT_PARTICIPATING")
    invalid = by_reference[f"B{run}-BAD"]
    assert invalid.status == "invalid" and invalid.nomination_id is None
    assert any(reason.startswith("country:") for reason in invalid.reasons)
    assert any(reason.startswith("nominee.kind:") for reason in invalid.reasons)

    report_csv = tmp_path / "report.csv"
    with report_csv.open("w", encoding="utf-8", newline="") as file:
        write_report(report, file)
    assert len(report_csv.read_text(encoding="utf-8").splitlines()) == 1 + len(rows)
