"""What the deploy tier sends and reads as outside parties do: literal CloudEvents over plain aiokafka,
the results API, and the operators' guide's own commands."""

import asyncio
import re
import subprocess
from pathlib import Path
from typing import Any

import httpx
import yaml

from tests.deploy.conftest import FIRST_EDITION, ROOT
from tests.e2e.events import submitted
from tests.waiting import eventually

JUDGES = ["j-jo-01", "j-iq-01", "j-ae-01"]  # digital-content judges of none of the nominees' countries
JUDGED_AT = "2024-01-10T10:00:00Z"  # inside the first edition's judging window
CRITERIA = [c["code"] for c in next(c for c in yaml.safe_load(FIRST_EDITION.read_text())["categories"]
                                     if c["code"] == "digital-content")["criteria"]]


def entity(reference: str, name_ar: str, country: str) -> bytes:
    """A ministry portal's submission, literal CloudEvents JSON, inside the first edition's intake."""
    return submitted(reference, country=country, nominee={
        "kind": "entity", "name_ar": name_ar, "organisation_type": "authority"},
        accounts=[{"platform": "x", "url": f"https://x.com/{reference.lower()}"}])


async def listed(results: httpx.AsyncClient, references: set[str]) -> dict[str, dict[str, Any]] | None:
    """The rows of ``references`` once results lists every one of them."""
    found = {row["reference"]: row for row in await all_rows(results) if row["reference"] in references}
    return found if len(found) == len(references) else None


async def settled(results: httpx.AsyncClient) -> list[dict[str, Any]]:
    """The read model once two reads 3 s apart agree: nothing is still on its way in."""
    async def quiet() -> list[dict[str, Any]] | None:
        first = await all_rows(results)
        await asyncio.sleep(3)
        return first if first == await all_rows(results) else None
    return await eventually(quiet, what="a read model at rest")


async def all_rows(results: httpx.AsyncClient) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for offset in range(0, 2000, 200):
        page = (await results.get("/nominations", params={"limit": 200, "offset": offset})).json()
        rows += page
        if len(page) < 200:
            break
    return sorted(rows, key=lambda row: row["nomination_id"])


def documented_commands(heading: str) -> list[str]:
    """The bash blocks of docs/operations.md's section ``heading``, in order."""
    text = (ROOT / "docs" / "operations.md").read_text()
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)```", section, re.S)


def run_as_operator(script: str, folder: Path) -> None:
    """A documented block, verbatim, in bash, from ``folder``: the deployment fixture's COMPOSE_*
    variables make every plain `docker compose` in it mean the stack under test, as an operator's .env
    makes it mean theirs."""
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 0, f"{script}\n{done.stdout[-2000:]}{done.stderr[-3000:]}"

