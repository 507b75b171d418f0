"""Exports the event contract: the JSON Schema of every event and each service's AsyncAPI document.

    python -m tools.contract export [docs/contract]   # write
    python -m tools.contract check  [docs/contract]   # fail if the committed files are stale

Everything is generated from the pydantic models and the services' own brokers; nothing is written
by hand, and the test suite runs ``check`` so the committed documents never drift from the code.
"""

import json
import sys
from pathlib import Path

from shared.events.catalogue import CATALOGUE
from shared.ops import asyncapi_of
from tools.system import SERVICES

DEFAULT_FOLDER = Path("docs/contract")


def documents() -> dict[str, str]:
    """Relative path → file content, for every generated document."""
    files: dict[str, str] = {}
    for topic, models in CATALOGUE.items():
        for model in models:
            schema = model.model_json_schema()
            schema["$id"] = f"urn:socialgov:awards:schema:{model.event_type}"
            schema["x-topic"] = topic.name
            schema["x-kafka-key"] = topic.key
            files[f"schemas/{model.event_type}.json"] = _json(schema)
    for name, entry in SERVICES.items():
        service = entry.build(entry.settings.documented_defaults())
        files[f"asyncapi/{name}.json"] = _json(asyncapi_of(service.broker, name).to_specification().to_jsonable())
    return files


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def export(folder: Path) -> list[str]:
    written = []
    for relative, content in documents().items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(relative)
    return written


def stale(folder: Path) -> list[str]:
    expected = documents()
    present = {str(p.relative_to(folder)) for p in folder.rglob("*.json")} if folder.exists() else set()
    differing = [r for r, c in expected.items()
                 if not (folder / r).exists() or (folder / r).read_text(encoding="utf-8") != c]
    return sorted(set(differing) | (present - set(expected)))


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "export"
    folder = Path(argv[2]) if len(argv) > 2 else DEFAULT_FOLDER
    if command == "export":
        print(f"wrote {len(export(folder))} documents to {folder}", file=sys.stderr)
        return 0
    if command == "check":
        if problems := stale(folder):
            print("stale contract documents (run `make docs`):\n  " + "\n  ".join(problems),
                  file=sys.stderr)
            return 1
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
