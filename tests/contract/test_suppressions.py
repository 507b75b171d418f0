"""Every suppression of a lint or type finding says why, on its own line: ``# type: ignore[code]  # why``
or ``# noqa: CODE - why``. A bare one hides a finding from the next reader as well as from the checker."""

import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["services", "shared", "tools", "infra", "bench", "chaos", "tests"]
TYPE_IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[^\]]*\])?(?P<rest>.*)$")
NOQA = re.compile(r"#\s*noqa(?P<codes>:\s*[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)?(?P<rest>.*)$")


def unexplained(line: str) -> str | None:
    """What is wrong with a comment's suppression, if it has one that does not say why."""
    if found := TYPE_IGNORE.search(line):
        if not found["codes"]:
            return "a type: ignore without its error code"
        if not re.match(r"\s+#\s*\S", found["rest"]):
            return "a type: ignore without its reason"
    if found := NOQA.search(line):
        if not found["codes"]:
            return "a noqa without its rule code"
        if not re.match(r"\s*(?:-|—|\(|#)\s*\S", found["rest"]):
            return "a noqa without its reason"
    return None


def test_the_pattern_tells_a_reason_from_none() -> None:
    assert unexplained("x = f()  # type: ignore[arg-type]  # the stubs say str; it takes bytes too") is None
    assert unexplained("except Exception:  # noqa: BLE001 - a probe reports any failure") is None
    assert unexplained("x = f()  # type: ignore[arg-type]") == "a type: ignore without its reason"
    assert unexplained("x = f()  # type: ignore") == "a type: ignore without its error code"
    assert unexplained("import a  # noqa: F401") == "a noqa without its reason"
    assert unexplained("import a  # noqa") == "a noqa without its rule code"


def comments(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every comment of a module: suppressions named inside strings are not suppressions."""
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [(token.start[0], token.string) for token in tokens if token.type == tokenize.COMMENT]


def test_every_suppression_names_its_reason() -> None:
    found = [f"{path.relative_to(ROOT)}:{number}: {problem}"
             for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
             for number, comment in comments(path) if (problem := unexplained(comment))]
    assert not found, "\n".join(found)
