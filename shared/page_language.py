"""The language of a service's page: Arabic unless the reader asked for English (``?lang=en``)."""

from typing import Literal

Language = Literal["ar", "en"]


def language(lang: str | None) -> Language:
    return "en" if lang == "en" else "ar"
