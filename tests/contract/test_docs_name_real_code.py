"""The docs point readers at files and functions: every one they name must exist.

Two checks: every repository path written in backticks in README.md and docs/*.md exists, and every row of
the "Where each rule lives" table in docs/architecture.md names a file that defines the function or class
it names.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TOP_LEVEL = ("services/", "shared/", "infra/", "tools/", "tests/", "bench/", "chaos/", "docs/", "editions/")
PATH = re.compile(r"`((?:" + "|".join(re.escape(t) for t in TOP_LEVEL) + r")[\w./<>-]*)`")
RULE_ROW = re.compile(r"^\| (?P<rule>[^|]+) \| `(?P<file>[\w/.]+\.py)` \| `(?P<name>[\w.]+)` \|$")


def named_paths(text: str) -> set[str]:
    # A path with a placeholder (services/<name>/settings.py) stands for several; a glob is not a path.
    return {p.split("::")[0] for p in PATH.findall(text) if "<" not in p and "*" not in p}


def exists(path: str) -> bool:
    """A file or folder, or ``module/path.name``: a function or class ``name`` of ``module/path.py``."""
    if path.startswith("tests/artifacts/") or (ROOT / path).exists():  # artefacts: written by the tests
        return True
    module, _, name = path.rpartition(".")
    source = ROOT / f"{module}.py"
    return source.exists() and re.search(rf"^(?:async def|def|class) {name}\b", source.read_text(),
                                         re.MULTILINE) is not None


def test_every_path_the_docs_name_exists() -> None:
    missing = {f"{doc.relative_to(ROOT)}: {path}" for doc in DOCUMENTS
               for path in named_paths(doc.read_text(encoding="utf-8")) if not exists(path.rstrip("."))}
    assert not missing, sorted(missing)


def rule_rows() -> list[re.Match[str]]:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Where each rule lives", 1)[1].split("\n## ", 1)[0]
    return [m for line in section.splitlines() if (m := RULE_ROW.match(line))]


def test_each_rule_in_the_table_is_defined_where_the_table_says() -> None:
    rows = rule_rows()
    assert len(rows) >= 20
    wrong = []
    for row in rows:
        source = ROOT / row["file"]
        name = row["name"].split(".")[-1]
        if not source.exists() or not re.search(rf"^\s*(?:async def|def|class) {name}\b", source.read_text(),
                                                re.MULTILINE):
            wrong.append(f"{row['rule'].strip()}: {row['file']} defines no {name}")
    assert not wrong, wrong
