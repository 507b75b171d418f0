"""The matrix as a table: for each case, the worst figure over its runs."""

from typing import Any

COLUMNS = ("case", "acked", "acked_but_missing", "votes_counted_twice", "votes_missing", "decided_twice",
           "notified_twice", "acceptance_emails_missing", "intake_202_missing", "intake_5xx_not_503",
           "boards_differ_from_rebuild", "duplicate_records_downstream", "emails_resent_same_message_id",
           "refused_during_fault", "peak_lag", "recovered_after_fault_s", "read_models_final_after_s")
SHORT = {"acked_but_missing": "missing*", "votes_counted_twice": "2x votes*", "votes_missing": "lost votes*",
         "decided_twice": "2x decided*", "notified_twice": "2x emails*", "acceptance_emails_missing": "lost emails*",
         "intake_202_missing": "lost 202s*", "intake_5xx_not_503": "5xx≠503*",
         "boards_differ_from_rebuild": "≠ rebuild*",
         "duplicate_records_downstream": "dup records", "emails_resent_same_message_id": "resent same id",
         "refused_during_fault": "refused", "recovered_after_fault_s": "recovered s",
         "read_models_final_after_s": "final s"}
SKIPPABLE = ("boards_differ_from_rebuild",)  # a check only some cases make: "-" where a case skips it


def worst(runs: list[dict[str, Any]]) -> dict[str, Any]:
    row: dict[str, Any] = {"case": runs[0]["case"], "runs": len(runs)}
    for key in COLUMNS[1:]:
        values = [r.get(key) for r in runs]
        present = [value for value in values if value is not None]
        # a result file may lack a column; a case that never settled has None, and so has a check a case skips
        row[key] = max(present) if len(present) == len(values) else None
    return row


def table(rows: list[dict[str, Any]]) -> str:
    heads = [SHORT.get(c, c) for c in COLUMNS]
    widths = [max(len(h), *(len(_cell(r, c)) for r in rows)) for h, c in zip(heads, COLUMNS, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True))]
    lines += ["  ".join(_cell(r, c).ljust(w) for c, w in zip(COLUMNS, widths, strict=True)) for r in rows]
    lines.append("* must be 0. 'recovered s': from the end of the fault until every group had committed "
                 "everything (None: not within the settle timeout); 'final s': from then until the counts were "
                 "taken (the must-be-zero figures reached 0, or 30 s passed); '≠ rebuild': boards that differ from "
                 "a rebuild by replay of the same topics ('-': not checked in that case). Worst of the runs per case.")
    return "\n".join(lines)


def _cell(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    return "-" if value is None and column in SKIPPABLE else str(value)
