"""The layers check of `make lint` (import-linter's contracts in pyproject.toml) refuses what it is for.

The contracts run on a small tree shaped like the project (four services of four layers, shared, tools)
whose imports keep every rule: that tree passes. Then each test adds one forbidden import, and the check
must fail and name the contract that forbids it. The project's own imports are `make lint`'s business.
"""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["nomination", "scoring", "notification", "results"]
CONTRACTS = [contract["name"] for contract in
             tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]]


def _contract(starts: str) -> str:
    return next(name for name in CONTRACTS if name.startswith(starts))


INDEPENDENT, SHARED, PURE_DOMAIN, PORTS, LAYERS = (
    _contract("The four services"), _contract("shared is"), _contract("A service's domain"),
    _contract("A service layer works through its ports"), _contract("Layers of each service"))


def _module(root: Path, dotted: str, *imports: str) -> None:
    path = root.joinpath(*dotted.split(".")).with_suffix(".py")
    for package in list(path.relative_to(root).parents)[:-1]:
        (root / package / "__init__.py").parent.mkdir(parents=True, exist_ok=True)
        (root / package / "__init__.py").touch()
    path.write_text("".join(f"import {name}\n" for name in imports), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A tree every contract keeps: each layer imports only the layers below it, and shared."""
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    _module(tmp_path, "shared.events", "pydantic")
    _module(tmp_path, "shared.mongo", "pymongo")
    for service in SERVICES:
        base = f"services.{service}"
        _module(tmp_path, f"{base}.domain.rules", "shared.events")
        _module(tmp_path, f"{base}.service_layer.ports", f"{base}.domain.rules")
        _module(tmp_path, f"{base}.adapters.mongo", "pymongo", f"{base}.service_layer.ports", f"{base}.domain.rules")
        _module(tmp_path, f"{base}.entrypoints.app", "fastapi", "faststream", f"{base}.adapters.mongo",
                f"{base}.service_layer.ports")
    _module(tmp_path, "tools.system", *(f"services.{service}.entrypoints.app" for service in SERVICES))
    for package in ("infra", "bench", "chaos", "tests"):
        _module(tmp_path, f"{package}.run", "shared.events", "tools.system")
    return tmp_path


def lint_imports(root: Path) -> tuple[int, str]:
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=root,
                            capture_output=True, text=True, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    return result.returncode, " ".join((result.stdout + result.stderr).split())


def test_a_project_that_keeps_the_layers_passes(project: Path) -> None:
    code, output = lint_imports(project)
    assert code == 0, output
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken" in output, output


@pytest.mark.parametrize(("module", "imported", "contract"), [
    ("services.scoring.service_layer.ports", "services.results.domain.rules", INDEPENDENT),
    ("services.results.entrypoints.app", "services.nomination.entrypoints.app", INDEPENDENT),
    ("shared.events", "services.nomination.domain.rules", SHARED),
    ("shared.events", "tools.system", SHARED),
    ("shared.events", "infra.run", SHARED),
    ("services.results.domain.rules", "services.results.adapters.mongo", PURE_DOMAIN),
    ("services.nomination.domain.rules", "pymongo", PURE_DOMAIN),
    ("services.scoring.domain.rules", "aiokafka", PURE_DOMAIN),
    ("services.notification.domain.rules", "faststream", PURE_DOMAIN),
    ("services.results.domain.rules", "fastapi", PURE_DOMAIN),
    ("services.scoring.service_layer.ports", "pymongo", PORTS),
    ("services.results.service_layer.ports", "shared.mongo", PORTS),
    ("services.notification.service_layer.ports", "fastapi", PORTS),
    ("services.scoring.service_layer.ports", "services.scoring.adapters.mongo", LAYERS),
    ("services.notification.adapters.mongo", "services.notification.entrypoints.app", LAYERS),
])
def test_a_forbidden_import_fails_the_check_and_names_its_contract(project: Path, module: str, imported: str,
                                                                      contract: str) -> None:
    path = project.joinpath(*module.split(".")).with_suffix(".py")
    path.write_text(path.read_text(encoding="utf-8") + f"import {imported}\n", encoding="utf-8")
    code, output = lint_imports(project)
    assert code == 1, output
    assert f"{contract} BROKEN" in output, output
    assert f"{module} -> {imported}" in output, output
