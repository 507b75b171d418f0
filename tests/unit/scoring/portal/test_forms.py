"""The portal's forms read into the API's models (``entrypoints/portal/forms.py``): every criterion
required, the API's range, Arabic-Indic digits read, each problem named by its field."""

from services.scoring.entrypoints.portal.forms import fields_of, recusal, score_sheet
from tests.unit.scoring import given

CATEGORY = given.category_of(given.EDITION)


def form(**marks: str) -> bytes:
    return "&".join(f"score-{code}={value}" for code, value in marks.items()).encode() + b"&comment=&token=t"


def test_a_complete_sheet_is_the_apis_score_sheet_with_arabic_digits_read() -> None:
    fields = fields_of(form(**{"interaction": "٨٫٥", "participation": "7", "transparency": "10",
                               "content-quality": "0"}))
    sheet, errors = score_sheet("n-1", fields, CATEGORY, "ar")
    assert errors == {} and sheet is not None
    assert sheet.scores == {"interaction": 8.5, "participation": 7.0, "transparency": 10.0, "content-quality": 0.0}
    assert sheet.comment is None


def test_each_missing_or_out_of_range_mark_is_named_by_its_field() -> None:
    sheet, errors = score_sheet("n-1", fields_of(form(interaction="8", participation="")), CATEGORY, "en")
    assert sheet is None
    assert errors == {"score-participation": "required", "score-transparency": "required",
                      "score-content-quality": "required"}
    sheet, errors = score_sheet("n-1", fields_of(form(**{"interaction": "11", "participation": "x",
                                                         "transparency": "5", "content-quality": "5"})),
                                CATEGORY, "ar")
    assert sheet is None and set(errors) == {"score-interaction", "score-participation"}


def test_a_recusal_needs_a_reason_as_the_api_does() -> None:
    assert recusal("n-1", fields_of(b"reason=my+former+employer"))[0] is not None
    missing, errors = recusal("n-1", fields_of(b"reason=ab"))
    assert missing is None and set(errors) == {"reason"}
