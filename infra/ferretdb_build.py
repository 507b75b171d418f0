"""FerretDB v1.24 (SQLite backend) built from its Go module, with the project's patches applied.

Why patched (each file in infra/ferretdb/patches/ says what it changes and why):
- 0001: every ``_id`` lookup scanned the whole table. The query spelled the ``_id`` path one way and the
  ``_id`` index another, so SQLite never used the index; and a filter with anything beside ``_id`` (our
  version-guarded upserts) was not narrowed by ``_id`` at all. Guarded upserts into 1,000 documents: 61/s
  before, 2,424/s after.
- 0002: an ``update`` command kept every statement's cursor open until the command ended (100 statements
  matching documents waited forever for the 100th pooled connection: the server hung), and one refused
  statement failed the whole command, so ``ordered=False`` bulk writes stopped at the first refusal;
  ``ordered`` was not even read.
- 0003: any other filter made FerretDB decode every document of the collection in Go (its JSON decoding
  was half of the server's CPU in the bench profile). Top-level fields equal to a string and
  ``_id: {$in: [...]}`` are now tested by SQLite first, so only candidate rows are decoded (the handler
  still applies the whole filter: the narrowing only has to keep every possible match).
- 0004: the embeddable package could not turn on SCRAM authentication nor create the first user (only
  cmd/ferretdb's flags could); the compose stack's local MongoDB-protocol image needs both.
- 0005: an update, findAndModify or upsert read the document outside any transaction and wrote it back in
  another, so concurrent writers of one document lost each other's changes (4 clients, 8 writes at a time:
  1,255 of 1,600 ``$inc`` lost). The statement's read and write are one SQLite transaction begun with
  ``BEGIN IMMEDIATE`` (other writers wait for it), so each document is updated atomically, as on MongoDB:
  0 lost. Guarded upserts one at a time 1,345/s before, 2,049/s after; in unordered bulk writes of 500
  2,217/s before, 2,770/s after (statements of the process take turns instead of polling SQLite's busy
  handler).

The pristine module comes from Go's module cache (``go mod download``); a copy in .cache/ferretdb-src
gets the patches (``git apply``, which refuses a patch that does not fit), and infra/ferretdb/go.mod
points at that copy with a ``replace`` directive.
"""

import subprocess
import sys
from pathlib import Path

from infra.go_commands import download_module, writable_copy

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "infra" / "ferretdb"
PATCHES = MAIN / "patches"
PATCHED_SOURCE = ROOT / ".cache" / "ferretdb-src"
MODULE = "github.com/FerretDB/FerretDB"


def inputs() -> list[Path]:
    """Every file whose change means a rebuild."""
    return (sorted(MAIN.glob("*.go")) + [MAIN / "go.mod", MAIN / "go.sum"] + sorted(PATCHES.glob("*.patch"))
            + [Path(__file__)])


def build(go: str, git: str, binary: Path) -> None:
    _patched_source(go, git)
    binary.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([go, "build", "-o", str(binary), "."], cwd=MAIN, check=True)


def module_version() -> str:
    for line in (MAIN / "go.mod").read_text().splitlines():
        words = line.split()
        if words[:2] == ["require", MODULE]:
            return words[2]
    raise RuntimeError(f"{MAIN / 'go.mod'} does not require {MODULE}")


def _patched_source(go: str, git: str) -> None:
    writable_copy(download_module(go, f"{MODULE}@{module_version()}"), PATCHED_SOURCE)
    # A repository of its own, or git would apply relative to the project's repository around it.
    subprocess.run([git, "init", "-q"], cwd=PATCHED_SOURCE, check=True)
    for patch in sorted(PATCHES.glob("*.patch")):
        print(f"  applying {patch.name}", file=sys.stderr)
        subprocess.run([git, "apply", "--whitespace=nowarn", str(patch)], cwd=PATCHED_SOURCE, check=True)
