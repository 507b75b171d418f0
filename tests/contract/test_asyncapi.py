"""What the AsyncAPI documents promise other systems: each record on a topic is one event, also where
a service consumes that topic in batches."""

import json
from pathlib import Path

import pytest

DOCUMENTS = sorted((Path(__file__).parents[2] / "docs" / "contract" / "asyncapi").glob("*.json"))


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.stem)
def test_every_message_payload_is_one_event_not_a_list(document: Path) -> None:
    schemas = json.loads(document.read_text())["components"]["schemas"]
    payloads = {name: schema for name, schema in schemas.items() if name.endswith(":Message:Payload")}
    assert payloads
    assert [name for name, schema in payloads.items() if schema.get("type") == "array"] == []


def test_every_service_is_documented() -> None:
    assert [path.stem for path in DOCUMENTS] == ["nomination", "notification", "results", "scoring"]
