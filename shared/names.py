"""How two spellings of one nominee are recognised as the same.

Arabic is written with optional diacritics, decorative tatweel, several hamza/alef forms and
interchangeable final letters, so the same ministry arrives spelled many ways. The normal form here
removes what does not distinguish names and unifies what is written interchangeably.
"""

import re
import unicodedata
from urllib.parse import urlsplit

# Harakat, tanween, shadda, sukun, superscript alef, maddah/hamza above/below marks, Quranic marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_LETTERS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",   # alef with hamza above/below, madda, wasla
    "ى": "ي",                                   # alef maqsura
    "ة": "ه",                                   # ta marbuta
    "ؤ": "و", "ئ": "ي",                         # hamza on waw / ya seat
    **{chr(0x0660 + d): str(d) for d in range(10)},   # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},   # Extended (Persian) digits
})
_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s]")


def normalise_arabic(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_LETTERS)
    return _SPACES.sub(" ", text).strip()


def normalise_latin(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _PUNCTUATION.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def account_handle(url: str) -> str | None:
    """The account's identity within its platform: the path, without a leading @ or trailing slash,
    case-folded (platform handles are case-insensitive)."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    handle = path.strip("/").removeprefix("@").casefold()
    return handle or None
