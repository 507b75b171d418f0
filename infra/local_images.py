"""Images built on this machine for what no registry here serves: a Debian base (debootstrap), Python
and uv for the services' Dockerfile, Kafka from its Maven jars, the project's FerretDB and Mailpit, and
Debian's nginx for the gateway.

Every image is named ``awards-local/...``, never with an official image's name, and is labelled with a
fingerprint of its inputs (its folder under infra/images/, the files copied in, its base image's id);
it is rebuilt only when that fingerprint changes. compose.local-images.yml and the tests' testcontainers
path use these names.
"""

import hashlib
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from infra import debian_base, go_commands
from infra.ferretdb_build import module_version as ferretdb_version
from infra.stack import CACHE, FERRETDB_BIN, KAFKA_LIBS, ROOT, kafka_version, prepare_ferretdb, prepare_kafka

IMAGES_DIR = ROOT / "infra" / "images"
LABEL = "org.socialgov.awards.inputs"
UV_VERSION = next(line.split(":=")[1].strip() for line in (ROOT / "Makefile").read_text().splitlines()
                  if line.startswith("UV_VERSION :="))

BASE = f"awards-local/debian:{debian_base.SUITE}"
PYTHON = f"awards-local/python:3.11-{debian_base.SUITE}"
UV = f"awards-local/uv:{UV_VERSION}"
KAFKA = f"awards-local/kafka:{kafka_version()}"
FERRETDB = f"awards-local/ferretdb:{ferretdb_version().lstrip('v')}"
MAILPIT = f"awards-local/mailpit:{go_commands.MAILPIT.version}"
NGINX = f"awards-local/nginx:{debian_base.SUITE}"


@dataclass(frozen=True)
class LocalImage:
    tag: str
    folder: str  # under infra/images/
    stands_for: str  # what an operator with registry access runs instead
    add_files: Callable[[Path], None]  # puts the files the build needs into the context

    def inputs_fingerprint(self, context: Path) -> str:
        digest = hashlib.sha256(self.tag.encode())
        digest.update(image_id(BASE).encode())
        for file in sorted(p for p in context.rglob("*") if p.is_file()):
            digest.update(str(file.relative_to(context)).encode())
            digest.update(file.read_bytes())
        return digest.hexdigest()

    def ensure(self) -> bool:
        """Builds the image unless one with the same inputs exists; True when it built."""
        with tempfile.TemporaryDirectory(prefix=f"{self.folder}-") as directory:
            context = Path(directory)
            shutil.copytree(IMAGES_DIR / self.folder, context, dirs_exist_ok=True)
            self.add_files(context)
            fingerprint = self.inputs_fingerprint(context)
            if label(self.tag) == fingerprint:
                return False
            print(f"building {self.tag} (stands for {self.stands_for}) ...", file=sys.stderr)
            started = time.monotonic()
            built = subprocess.run(["docker", "build", "--quiet", "--build-arg", f"BASE={BASE}",
                                    "--label", f"{LABEL}={fingerprint}", "-t", self.tag, str(context)],
                                   capture_output=True, text=True)
            if built.returncode != 0:
                raise RuntimeError(f"building {self.tag} failed:\n{built.stdout[-3000:]}{built.stderr[-3000:]}")
            print(f"  {self.tag} built in {time.monotonic() - started:.0f} s", file=sys.stderr)
            return True


def image_id(tag: str) -> str:
    return _inspect(tag, "{{.Id}}")


def label(tag: str) -> str:
    """The image's inputs fingerprint ("" when there is no such image)."""
    return _inspect(tag, f'{{{{index .Config.Labels "{LABEL}"}}}}')


def _inspect(tag: str, template: str) -> str:
    found = subprocess.run(["docker", "image", "inspect", "--format", template, tag], capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else ""


def _no_files(context: Path) -> None:
    pass


def _uv(context: Path) -> None:
    """uv's binaries from its PyPI wheel, the release the Makefile installs (fetched once)."""
    wheels = CACHE / "wheels"
    if not list(wheels.glob(f"uv-{UV_VERSION}-*.whl")):
        # The interpreter the virtual environment was made from: the venv itself has no pip.
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                        "-d", str(wheels), f"uv=={UV_VERSION}"], check=True)
    with zipfile.ZipFile(next(wheels.glob(f"uv-{UV_VERSION}-*.whl"))) as archive:
        for name in ("uv", "uvx"):
            (context / name).write_bytes(archive.read(f"uv-{UV_VERSION}.data/scripts/{name}"))
            (context / name).chmod(0o755)


def _kafka(context: Path) -> None:
    prepare_kafka()
    shutil.copytree(KAFKA_LIBS, context / "libs", ignore=shutil.ignore_patterns(".fingerprint"))
    shutil.copy(ROOT / "infra" / "kafka" / "log4j2.properties", context / "log4j2.properties")


def _ferretdb(context: Path) -> None:
    prepare_ferretdb()
    shutil.copy(FERRETDB_BIN, context / "ferretdb")


def _mailpit(context: Path) -> None:
    shutil.copy(go_commands.MAILPIT.build(), context / "mailpit")


IMAGES = (
    LocalImage(PYTHON, "python", "python:3.11.14-slim-bookworm", _no_files),
    LocalImage(UV, "uv", f"ghcr.io/astral-sh/uv:{UV_VERSION}", _uv),
    LocalImage(KAFKA, "kafka", f"apache/kafka:{kafka_version()}", _kafka),
    LocalImage(FERRETDB, "ferretdb", "mongo (MongoDB protocol)", _ferretdb),
    LocalImage(MAILPIT, "mailpit", f"axllent/mailpit:{go_commands.MAILPIT.version}", _mailpit),
    LocalImage(NGINX, "nginx", "nginx (the compose gateway)", _no_files),
)


READY = CACHE / "docker" / "images-ready"


def ensure_all() -> list[str]:
    """Every local image present and current; returns the tags it built. Leaves the images' ids in
    READY only when all of them were checked, so the tests can tell current images from stale ones."""
    READY.unlink(missing_ok=True)
    built = [BASE] if debian_base.ensure(BASE, LABEL, label(BASE)) else []
    built += [image.tag for image in IMAGES if image.ensure()]
    READY.parent.mkdir(parents=True, exist_ok=True)
    READY.write_text("".join(f"{tag} {image_id(tag)}\n" for tag in all_tags()))
    return built


def all_tags() -> list[str]:
    return [BASE, *(image.tag for image in IMAGES)]


def not_current() -> list[str]:
    """The local images that are missing or not the ones the last complete ``ensure_all`` checked."""
    checked = dict(line.split() for line in READY.read_text().splitlines()) if READY.exists() else {}
    return [tag for tag in all_tags() if not checked.get(tag) or checked[tag] != image_id(tag)]


