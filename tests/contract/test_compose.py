"""The compose file is valid Compose, and it agrees with the code: every command is a real entry
point, every AWARDS_* variable is a setting, every image tag matches what the local stack runs."""

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from infra.stack import kafka_version
from shared.settings import ENV_PREFIX
from tools.system import SERVICES as SYSTEM
from tools.system import SystemSettings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
KNOWN = {ENV_PREFIX + name.upper() for name in SystemSettings.model_fields}


GATEWAY = (ROOT / "infra" / "gateway" / "nginx.conf").read_text()


def test_the_services_publish_no_port_and_the_gateway_publishes_each_services_port() -> None:
    """A published port would stop `--scale` at the second instance: the gateway is the one door."""
    ports = {name: entry.settings().http_port for name, entry in SYSTEM.items()}
    for name in ports:
        assert "ports" not in SERVICES[name], f"{name} publishes a port: it could not run as two instances"
    assert SERVICES["gateway"]["ports"] == [f"{port}:{port}" for port in ports.values()]
    assert {f"127.0.0.1:{port}:{port}" for port in ports.values()} == set(LOCAL["services"]["gateway"]["ports"])
    assert set(SERVICES["gateway"]["depends_on"]) == set(ports)
    routes = re.findall(r"listen (\d+);\s*location / \{\s*set \$instances (\w+):(\d+);", GATEWAY)
    assert routes == [(str(port), name, str(port)) for name, port in ports.items()]


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
    # The one port variable is each process's own: compose and make run set it per service.
    assert example == KNOWN - {ENV_PREFIX + "HTTP_PORT"}


def test_each_service_in_compose_is_given_only_its_own_settings() -> None:
    for name, entry in SYSTEM.items():
        own = {ENV_PREFIX + field.upper() for field in entry.settings.model_fields}
        given = {key for key in SERVICES[name].get("environment") or {} if key.startswith(ENV_PREFIX)}
        assert given and given <= own, f"{name} is given settings it does not read: {given - own}"


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
    for module, args in (("tools.configuration_docs", ["check"]), ("tools.contract", ["check"])):
        result = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT,
                                capture_output=True, text=True,
                                env={"PATH": "/usr/bin:/bin"})
        assert result.returncode == 0, result.stderr



class _ComposeTags(yaml.SafeLoader):
    """Reads compose's merge tags (`!override`, `!reset`) as the plain values they carry."""


def _plain_list(loader: yaml.SafeLoader, node: yaml.Node) -> list[Any]:
    if not isinstance(node, yaml.SequenceNode):
        raise TypeError(f"!override on {node.tag}: the override file uses it on lists only")
    return loader.construct_sequence(node)


_ComposeTags.add_constructor("!override", _plain_list)
LOCAL = yaml.load((ROOT / "compose.local-images.yml").read_text(), Loader=_ComposeTags)


def test_the_local_override_swaps_only_images_build_arguments_the_mongo_healthcheck_and_ports() -> None:
    allowed = {"image", "build", "ports"}
    for name, service in LOCAL["services"].items():
        assert name in SERVICES, name
        extra = set(service) - allowed - ({"healthcheck"} if name == "mongo" else set())
        assert not extra, f"{name}: {extra} belongs in docker-compose.yml"
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), f"{name} publishes {port} beyond this machine"
    published = {name for name, service in SERVICES.items() if "ports" in service}
    assert published <= {name for name, service in LOCAL["services"].items() if "ports" in service}


def test_the_local_images_are_ours_by_name_and_the_ones_infra_builds() -> None:
    from infra import go_commands, local_images

    swapped = {service["image"] for service in LOCAL["services"].values() if "image" in service}
    assert swapped == {local_images.KAFKA, local_images.FERRETDB, local_images.MAILPIT, local_images.NGINX}
    assert all(image.tag.startswith("awards-local/") for image in local_images.IMAGES)
    assert local_images.BASE.startswith("awards-local/")
    args = {service["build"]["args"]["PYTHON_IMAGE"] for service in LOCAL["services"].values() if "build" in service}
    assert args == {local_images.PYTHON}
    assert {name for name, service in LOCAL["services"].items() if "build" in service} == \
        {name for name, service in SERVICES.items() if "build" in service}
    assert SERVICES["mailpit"]["image"] == f"axllent/mailpit:{go_commands.MAILPIT.version}"


def test_the_dockerfile_defaults_to_the_official_bases_and_the_makefiles_uv() -> None:
    from infra import local_images

    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"ARG UV_IMAGE=ghcr.io/astral-sh/uv:{local_images.UV_VERSION}\n" in dockerfile
    assert "ARG PYTHON_IMAGE=python:3.11" in dockerfile
    uv_args = {service["build"]["args"]["UV_IMAGE"] for service in LOCAL["services"].values() if "build" in service}
    assert uv_args == {local_images.UV}
