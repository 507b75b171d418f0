"""The portal's forms (application/x-www-form-urlencoded), read into the API's own models: a sheet is a
``ScoreSheet`` and a recusal a ``Recusal``, validated by the same rules as ``POST /scores`` and
``POST /recusals``, with each problem named by the form field it came from."""

from pydantic import ValidationError

from shared.edition import Category
from shared.forms import fields_of

from ..http import Recusal, ScoreSheet
from .words import WORDS, Language

Fields = dict[str, str]
__all__ = ["Fields", "fields_of", "recusal", "score_sheet"]


def score_sheet(nomination_id: str, fields: Fields, category: Category,
                lang: Language) -> tuple[ScoreSheet | None, dict[str, str]]:
    """The sheet, or None and ``{field: problem}``. Every criterion of the category is required."""
    missing = {f"score-{c.code}": WORDS[lang]["required"] for c in category.criteria
               if not fields.get(f"score-{c.code}", "").strip()}
    if missing:
        return None, missing
    scores = {c.code: fields[f"score-{c.code}"].strip().replace("٫", ".").translate(_LATIN_DIGITS)
              for c in category.criteria}
    try:
        return ScoreSheet.model_validate({"nomination_id": nomination_id, "scores": scores,
                                          "comment": fields.get("comment", "").strip() or None}), {}
    except ValidationError as invalid:
        return None, {_field(error["loc"]): error["msg"] for error in invalid.errors()}


def recusal(nomination_id: str, fields: Fields) -> tuple[Recusal | None, dict[str, str]]:
    try:
        return Recusal(nomination_id=nomination_id, reason=fields.get("reason", "").strip()), {}
    except ValidationError as invalid:
        return None, {_field(error["loc"]): error["msg"] for error in invalid.errors()}


# A judge typing on an Arabic keyboard gives Arabic-Indic digits.
_LATIN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _field(location: tuple[int | str, ...]) -> str:
    if location[:1] == ("scores",) and len(location) > 1:
        return f"score-{location[1]}"
    return str(location[0]) if location else "form"
