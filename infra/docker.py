"""A Docker engine, the compose plugin and the local images, brought up by the repo itself.

    python -m infra.docker ensure   # engine answering, `docker compose` present, local images current
    python -m infra.docker status   # what is there and what is missing, changing nothing

``ensure``, when no engine answers: installs Debian's ``docker.io`` (and ``debootstrap``) with apt
where dockerd is missing, starts dockerd with its log in .cache/docker/dockerd.log, and waits for it;
builds the compose CLI plugin from its Go module when ``docker compose`` is missing and installs it as
~/.docker/cli-plugins/docker-compose; then builds the images of infra/local_images.py that are missing
or out of date. Each missing piece it cannot get is named with how to get it.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from infra import go_commands, local_images
from infra.debian_packages import PackagesMissing, install

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".cache" / "docker"
PLUGIN = Path.home() / ".docker" / "cli-plugins" / "docker-compose"
PACKAGES = ("docker.io", "debootstrap")


class DockerUnavailable(RuntimeError):
    pass


def engine_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def compose_version() -> str | None:
    """The compose plugin's release (without a leading v), or None when `docker compose` does not answer."""
    try:
        answer = subprocess.run(["docker", "compose", "version", "--short"], capture_output=True, text=True,
                                timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return answer.stdout.strip().lstrip("v") if answer.returncode == 0 else None


def ensure_packages() -> None:
    if all(shutil.which(tool) for tool in ("dockerd", "docker", "debootstrap")):
        return
    try:
        install(PACKAGES, "the Docker engine and the local images")
    except PackagesMissing as missing:
        raise DockerUnavailable(str(missing)) from None


def ensure_engine(timeout_s: float = 60.0) -> None:
    if engine_answers():
        return
    ensure_packages()
    if os.geteuid() != 0:
        raise DockerUnavailable("no Docker engine answers and starting dockerd needs root: sudo dockerd")
    STATE.mkdir(parents=True, exist_ok=True)
    log = STATE / "dockerd.log"
    print(f"starting dockerd (log: {log}) ...", file=sys.stderr)
    with log.open("ab") as output:
        subprocess.Popen(["dockerd"], stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                         start_new_session=True)
    started = time.monotonic()
    while time.monotonic() < started + timeout_s:
        if engine_answers():
            print(f"  dockerd answered in {time.monotonic() - started:.0f} s", file=sys.stderr)
            return
        time.sleep(1)
    raise DockerUnavailable(f"dockerd did not answer within {timeout_s:.0f} s; its last words:\n"
                            + "\n".join(log.read_text(errors="replace").splitlines()[-15:]))


def ensure_compose() -> None:
    """`docker compose` answering; a plugin this command installed is replaced when the pinned release
    changes, one from anywhere else is left alone."""
    found = compose_version()
    if found is not None and (not PLUGIN.exists() or found == go_commands.COMPOSE.version.lstrip("v")):
        return
    binary = go_commands.COMPOSE.build()
    PLUGIN.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(binary, PLUGIN)
    PLUGIN.chmod(0o755)
    if compose_version() is None:
        raise DockerUnavailable(f"`docker compose` does not answer even with {PLUGIN} installed")


def ensure() -> None:
    ensure_engine()
    ensure_compose()
    local_images.ensure_all()


def status() -> dict[str, str]:
    engine = engine_answers()
    return {
        "engine": "answers" if engine else "no engine answers",
        "compose": "present" if compose_version() is not None else "missing",
        "local images": (("not built or not current: " + ", ".join(stale)) if (stale := local_images.not_current())
                         else "current") if engine else "unknown",
    }


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    try:
        if command == "ensure":
            started = time.monotonic()
            ensure()
            print(f"docker: engine, compose and local images ready in {time.monotonic() - started:.0f} s")
        elif command == "status":
            for what, state in status().items():
                print(f"{what}: {state}")
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except (DockerUnavailable, RuntimeError, subprocess.CalledProcessError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
