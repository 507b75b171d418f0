"""The browser of the browser tests: Debian's own Chromium, installed by ``make install`` when missing.

    python -m infra.browser ensure   # install it (as root, through apt-get) unless it is already there
    python -m infra.browser path     # where it is

Playwright drives this executable and never downloads a browser build of its own: machines of this
kind reach Debian's packages but no browser download site, and a fresh one has no Chromium at all.
"""

import shutil
import sys
from pathlib import Path

from infra.debian_packages import PackagesMissing, how_to_install, install

# DejaVu Sans carries the Arabic glyphs: without an Arabic font, screenshots show boxes, not names.
PACKAGES = ("chromium", "fonts-dejavu-core")
ARABIC_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
HOW_TO_INSTALL = how_to_install(PACKAGES)


class BrowserMissing(RuntimeError):
    pass


def executable() -> str | None:
    return shutil.which("chromium")


def ensure() -> str:
    """Chromium's path, installing it (and the Arabic font) first when this machine lacks either."""
    found = executable()
    if found and ARABIC_FONT.exists():
        return found
    try:
        install(PACKAGES, "the browser tests")
    except PackagesMissing as missing:
        raise BrowserMissing(str(missing)) from None
    found = executable()
    if found is None:
        raise BrowserMissing(f"`{HOW_TO_INSTALL}` succeeded but `chromium` is still not on PATH")
    return found


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "ensure"
    try:
        if command == "ensure":
            print(f"chromium: {ensure()}")
        elif command == "path":
            found = executable()
            print(found or f"not installed: {HOW_TO_INSTALL}")
            return 0 if found else 1
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except BrowserMissing as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
