"""Debian packages a command of the repo needs, installed with apt-get when missing (as root), or the
exact command to run when this process cannot: the browser tests' Chromium, Docker's engine."""

import os
import shutil
import subprocess


class PackagesMissing(RuntimeError):
    pass


def commands(packages: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return (("apt-get", "update", "-q"), ("apt-get", "install", "-y", "-q", "--no-install-recommends", *packages))


def how_to_install(packages: tuple[str, ...]) -> str:
    return " && ".join(" ".join(command) for command in commands(packages))


def install(packages: tuple[str, ...], needed_for: str) -> None:
    """Runs ``apt-get update`` and ``apt-get install`` of ``packages``; says what to do when it cannot."""
    how = how_to_install(packages)
    if shutil.which("apt-get") is None:
        raise PackagesMissing(f"{needed_for} needs the packages {', '.join(packages)} (Debian names) and this "
                              "machine has no apt-get: install them with its own package manager")
    if os.geteuid() != 0:
        raise PackagesMissing(f"{needed_for} needs packages that are missing; installing them needs root: "
                              f"sudo sh -c '{how}'")
    for command in commands(packages):
        print("+", " ".join(command), flush=True)
        done = subprocess.run(command, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
                              stdout=subprocess.DEVNULL)
        if done.returncode != 0:
            raise PackagesMissing(f"`{' '.join(command)}` failed with exit status {done.returncode}; "
                                  f"{needed_for} needs it: {how}")
