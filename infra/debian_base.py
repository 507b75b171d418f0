"""The Debian base of every local image, made without a registry: ``debootstrap --variant=minbase``
from the Debian mirror this machine's apt already uses, then ``docker import``.

The machine's own certificate authorities (/usr/local/share/ca-certificates) go into the image, so a
build step behind the same TLS-inspecting proxy as the machine (pip, uv) trusts what the machine trusts:
these images are this machine's, not for publishing anywhere else.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUITE = "bookworm"
EXTRA_CERTIFICATES = Path("/usr/local/share/ca-certificates")
INCLUDE = ("ca-certificates",)


def mirror() -> str:
    """The archive apt uses for this release's main component (a deb822 stanza or a one-line ``deb``
    entry, options in brackets allowed), else deb.debian.org."""
    sources = [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*"))]
    for source in sources:
        if source.suffix not in ("", ".list", ".sources") or not source.is_file():
            continue
        for uri, suites, components in _entries(source.read_text()):
            if SUITE in suites and "main" in components:
                return uri.rstrip("/")
    return "http://deb.debian.org/debian"


def _entries(text: str) -> list[tuple[str, list[str], list[str]]]:
    """(archive, suites, components) of each source, in either of apt's two formats."""
    found = [(uri, [suite], components.split()) for uri, suite, components in
             re.findall(r"^deb(?:\s+\[[^\]]*\])?\s+(\S+)\s+(\S+)\s+(.*)$", text, re.M)]
    for stanza in re.split(r"\n\s*\n", text):
        fields = dict(re.findall(r"^(URIs|Suites|Components):\s*(.*)$", stanza, re.M))
        if "URIs" in fields:
            found += [(uri, fields.get("Suites", "").split(), fields.get("Components", "").split())
                      for uri in fields["URIs"].split()]
    return found


def _apt_sources() -> str:
    """The release with its updates and security suites, so images built on the base get fixes."""
    archive = mirror()
    return (f"deb {archive} {SUITE} main\ndeb {archive} {SUITE}-updates main\n"
            f"deb {archive}-security {SUITE}-security main\n")


def fingerprint() -> str:
    digest = hashlib.sha256(f"{SUITE} minbase {' '.join(INCLUDE)}\n{_apt_sources()}".encode())
    for certificate in sorted(EXTRA_CERTIFICATES.glob("*.crt")):
        digest.update(certificate.read_bytes())
    return digest.hexdigest()


def ensure(tag: str, label_key: str, current: str) -> bool:
    """Builds the base image unless ``current`` (the value of its ``label_key`` label now) is already
    this fingerprint."""
    wanted = fingerprint()
    if current == wanted:
        return False
    debootstrap = shutil.which("debootstrap")
    if debootstrap is None:
        raise RuntimeError("`debootstrap` builds the Debian base image: apt-get install debootstrap")
    if os.geteuid() != 0:
        raise RuntimeError("debootstrap needs root to build the Debian base image")
    print(f"building {tag} with debootstrap from {mirror()} ...", file=sys.stderr)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="debian-base-") as directory:
        root = Path(directory) / "root"
        made = subprocess.run([debootstrap, "--variant=minbase", f"--include={','.join(INCLUDE)}", SUITE,
                               str(root), mirror()], capture_output=True, text=True)
        if made.returncode != 0:
            raise RuntimeError(f"debootstrap failed:\n{made.stdout[-3000:]}{made.stderr[-2000:]}")
        for certificate in EXTRA_CERTIFICATES.glob("*.crt"):
            shutil.copy(certificate, root / "usr/local/share/ca-certificates" / certificate.name)
        subprocess.run(["chroot", str(root), "update-ca-certificates"], check=True, capture_output=True)
        (root / "etc/apt/sources.list").write_text(_apt_sources())
        for cache in ("var/cache/apt/archives", "var/lib/apt/lists"):
            for file in (root / cache).glob("*"):
                if file.is_file():
                    file.unlink()
        archive = Path(directory) / "root.tar"
        subprocess.run(["tar", "-C", str(root), "-cf", str(archive), "."], check=True)
        imported = subprocess.run(["docker", "import", "--change", f"LABEL {label_key}={wanted}",
                                   "--change", "ENV LANG=C.UTF-8", "--change", 'CMD ["bash"]', str(archive), tag],
                                  capture_output=True, text=True)
        if imported.returncode != 0:
            raise RuntimeError(f"docker import of the Debian base failed: {imported.stderr}")
    print(f"  {tag} built in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return True
