"""The Debian base of every local image, made without a registry: ``debootstrap --variant=minbase``
from the Debian mirror this machine's apt already uses, then ``docker import``.

The machine's own certificate authorities (/usr/local/share/ca-certificates) go into the image, so a
build step behind the same TLS-inspecting proxy as the machine (pip, uv) trusts what the machine trusts.
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
    """The first Debian mirror in apt's sources (deb822 or one-line), else deb.debian.org."""
    sources = [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*"))]
    for source in sources:
        if source.suffix not in ("", ".list", ".sources") or not source.is_file():
            continue
        found = re.search(r"(?:URIs:|^deb)\s+(\S*/debian)\s", source.read_text() + "\n", re.M)
        if found:
            return found.group(1)
    return "http://deb.debian.org/debian"


def fingerprint() -> str:
    digest = hashlib.sha256(f"{SUITE} {mirror()} minbase {' '.join(INCLUDE)}".encode())
    for certificate in sorted(EXTRA_CERTIFICATES.glob("*.crt")):
        digest.update(certificate.read_bytes())
    return digest.hexdigest()


def ensure(tag: str, label: str, current: str) -> bool:
    """Builds the base image unless ``current`` (its label now) is already this fingerprint."""
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
        for cache in ("var/cache/apt/archives", "var/lib/apt/lists"):
            for file in (root / cache).glob("*"):
                if file.is_file():
                    file.unlink()
        archive = subprocess.Popen(["tar", "-C", str(root), "-c", "."], stdout=subprocess.PIPE)
        imported = subprocess.run(["docker", "import", "--change", f"LABEL {label}={wanted}",
                                   "--change", "ENV LANG=C.UTF-8", "--change", 'CMD ["bash"]', "-", tag],
                                  stdin=archive.stdout, capture_output=True, text=True)
        archive.wait()
        if imported.returncode != 0 or archive.returncode != 0:
            raise RuntimeError(f"docker import of the Debian base failed: {imported.stderr}")
    print(f"  {tag} built in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return True
