"""The compose file is valid Compose, and it agrees with the code: every command is a real entry
point, every AWARDS_* variable is a setting, every image tag matches what the local stack runs."""

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from infra.stack import kafka_version
from shared.settings import ENV_PREFIX, Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
KNOWN = {ENV_PREFIX + name.upper() for name in Settings.model_fields}


def test_the_compose_file_validates_against_the_compose_specification() -> None:
    checker = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert checker, "check-jsonschema is a dev dependency"
    result = subprocess.run([checker, "--builtin-schema", "vendor.compose-spec",
                             str(ROOT / "docker-compose.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["nomination", "scoring", "notification", "results", "topics", "edition"])
def test_each_python_service_runs_an_existing_entry_point(name: str) -> None:
    command = SERVICES[name]["command"]
    assert command[:2] == ["python", "-m"]
    assert importlib.util.find_spec(command[2]) is not None, command
    if command[2].startswith("services."):
        assert importlib.util.find_spec(command[2] + ".__main__") is not None


def test_the_four_services_are_all_there() -> None:
    assert {"nomination", "scoring", "notification", "results"} <= set(SERVICES)


def test_every_awards_variable_in_compose_and_the_env_example_is_a_setting() -> None:
    used = {key for service in SERVICES.values() for key in (service.get("environment") or {})
            if key.startswith(ENV_PREFIX)}
    used |= set(re.findall(r"\$\{(AWARDS_[A-Z_]+)", (ROOT / "docker-compose.yml").read_text()))
    example = set(re.findall(r"^# (AWARDS_[A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert used and used <= KNOWN, used - KNOWN
    assert example == KNOWN


def test_the_kafka_image_is_the_release_the_local_stack_runs() -> None:
    assert SERVICES["kafka"]["image"] == f"apache/kafka:{kafka_version()}"


def test_images_are_pinned_and_services_have_healthchecks() -> None:
    for name, service in SERVICES.items():
        if "image" in service and "build" not in service:
            tag = service["image"].rsplit(":", 1)
            assert len(tag) == 2 and tag[1] not in ("latest", ""), f"{name} image is not pinned"
        if name not in ("topics", "edition"):
            assert "healthcheck" in service, f"{name} has no healthcheck"


def test_the_service_image_runs_as_a_non_root_user() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^USER (?!root)\S+", dockerfile, re.M)
    assert len(re.findall(r"^FROM ", dockerfile, re.M)) >= 2, "multi-stage build"


def test_generated_documents_are_current() -> None:
    for module, args in (("shared.configuration_docs", ["check"]), ("shared.contract", ["check"])):
        result = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT,
                                capture_output=True, text=True,
                                env={"PATH": "/usr/bin:/bin"})
        assert result.returncode == 0, result.stderr

