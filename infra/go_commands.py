"""Go commands built from their modules on the Go module proxy: the compose CLI plugin and Mailpit.

A module's source comes from Go's module cache (``go mod download``) and is built in a writable copy
under .cache/src/, inside its own module, so its go.mod's replace and exclude directives apply (``go
install module@version`` refuses a module that has them, as docker/compose has). The binary's name carries
the module's version, so a new version is built once and an unchanged one never again.
"""

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"


@dataclass(frozen=True)
class GoCommand:
    name: str
    module: str
    version: str
    package: str  # relative to the module's root
    version_variable: str  # set with -ldflags -X, so the binary reports its release
    before_build: tuple[tuple[str, ...], ...] = field(default=())  # commands run in the source copy

    @property
    def binary(self) -> Path:
        return CACHE / "bin" / f"{self.name}-{self.version}"

    def build(self) -> Path:
        """The binary, built unless it already exists."""
        if self.binary.exists():
            return self.binary
        go = shutil.which("go")
        if go is None:
            raise RuntimeError(f"`go` is not on PATH; it builds {self.name} from {self.module}: install Go "
                               "1.26 or later (https://go.dev/doc/install; Debian bookworm's golang is too old)")
        for command in self.before_build:
            if shutil.which(command[0]) is None:
                raise RuntimeError(f"`{command[0]}` is not on PATH; building {self.name} needs it "
                                   f"(for `{' '.join(command)}`): apt-get install {command[0]}, or Node.js's installer")
        print(f"building {self.name} {self.version} from its Go module (once) ...", file=sys.stderr)
        started = time.monotonic()
        source = CACHE / "src" / f"{self.name}-{self.version}"
        writable_copy(download_module(go, f"{self.module}@{self.version}"), source)
        for command in self.before_build:
            subprocess.run(command, cwd=source, check=True, stdout=subprocess.DEVNULL)
        self.binary.parent.mkdir(parents=True, exist_ok=True)
        partial = self.binary.with_suffix(".partial")
        subprocess.run([go, "build", "-trimpath", "-ldflags", f"-s -w -X {self.version_variable}={self.version}",
                        "-o", str(partial), f"./{self.package}"], cwd=source, check=True,
                       env={**os.environ, "CGO_ENABLED": "0", "GOFLAGS": "-mod=mod"})
        partial.rename(self.binary)
        shutil.rmtree(source, ignore_errors=True)
        print(f"  {self.name} built in {time.monotonic() - started:.0f} s", file=sys.stderr)
        return self.binary


COMPOSE = GoCommand("docker-compose", "github.com/docker/compose/v5", "v5.6.0", "cmd",
                    "github.com/docker/compose/v5/internal.Version")

# The module holds the web UI's sources, not its build: npm builds it from the module's own lock file
# (no package's install script runs; esbuild comes as its platform package).
MAILPIT = GoCommand("mailpit", "github.com/axllent/mailpit", "v1.27.11", ".",
                    "github.com/axllent/mailpit/config.Version",
                    before_build=(("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"),
                                  ("npm", "run", "build", "--silent")))


def download_module(go: str, module: str) -> Path:
    """The pristine module in Go's module cache, fetched from the proxy when missing."""
    # Outside any module of the project, so no replace directive of ours hides the pristine module.
    with tempfile.TemporaryDirectory() as outside:
        answer = subprocess.run([go, "mod", "download", "-json", module], cwd=outside, capture_output=True,
                                text=True, env={**os.environ, "GOFLAGS": "-mod=mod"})
    if answer.returncode != 0:
        raise RuntimeError(f"the Go module proxy did not serve {module}: {answer.stdout}{answer.stderr}")
    return Path(json.loads(answer.stdout)["Dir"])


def writable_copy(pristine: Path, copy: Path) -> None:
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(pristine, copy)
    for folder, _, files in os.walk(copy):  # the module cache is read-only
        os.chmod(folder, stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
        for name in files:
            os.chmod(Path(folder) / name, stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IROTH)
