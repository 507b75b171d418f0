"""What the printable winners page lists, and that names reach it as text exactly as submitted."""

from datetime import UTC, datetime
from pathlib import Path

from services.results.entrypoints.print_page import TEMPLATES, WORDS, medal_sheet, printed_time
from shared.edition import load_edition

EDITION = load_edition(Path(__file__).resolve().parents[3] / "editions" / "2024-first.yaml")
MEDALS = [
    {"category": "digital-content", "rank": 2, "medal": "silver", "nomination_id": "n2", "standing": 60.5,
     "name_ar": "أمانة عمّان", "name_en": None, "country": "JO"},
    {"category": "digital-content", "rank": 1, "medal": "gold", "nomination_id": "n1", "standing": 71.85,
     "name_ar": "وزارة الصحة <script>", "name_en": "Ministry of Health & Population", "country": "EG"},
]


def test_sections_follow_the_edition_with_medals_in_order_and_page_language_first() -> None:
    sheet = medal_sheet(EDITION, MEDALS, "en", "latn")
    assert [s["code"] for s in sheet] == [c.code for c in EDITION.categories]
    gold, silver = sheet[0]["rows"]
    assert (gold["medal"], gold["name"], gold["aside"], gold["country"], gold["standing"]) == (
        "gold", "Ministry of Health & Population", "وزارة الصحة <script>", "Egypt", "71.85")
    assert (silver["name"], silver["name_lang"], silver["aside"]) == ("أمانة عمّان", "ar", None)
    assert [s["rows"] for s in sheet[1:]] == [[], [], []]
    assert sheet[3]["special"] is True


def test_arabic_sheet_uses_arabic_names_countries_and_digits() -> None:
    gold = medal_sheet(EDITION, MEDALS, "ar", "arab")[0]["rows"][0]
    assert (gold["name"], gold["aside"], gold["country"], gold["standing"]) == (
        "وزارة الصحة <script>", "Ministry of Health & Population", "مصر", "٧١٫٨٥")


def test_names_are_printed_as_text_never_as_markup() -> None:
    html = TEMPLATES.get_template("winners_print.html.j2").render(
        lang="ar", dir="rtl", other="en", t=WORDS["ar"], edition=EDITION, edition_name=EDITION.name_ar,
        organiser=EDITION.organiser_ar, final=False, sections=medal_sheet(EDITION, MEDALS, "ar", "arab"))
    assert "وزارة الصحة &lt;script&gt;" in html and "<script" not in html
    assert "Ministry of Health &amp; Population" in html
    assert WORDS["ar"]["not_final"] in html


def test_the_finalisation_time_reads_in_words_and_the_page_digits() -> None:
    moment = datetime(2024, 2, 1, 10, 5, tzinfo=UTC)
    assert printed_time(moment, "ar", "arab") == "١ فبراير ٢٠٢٤، الساعة ١٠:٠٥ بالتوقيت العالمي"
    assert printed_time(moment, "en", "latn") == "1 February 2024, 10:05 UTC"
