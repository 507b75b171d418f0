"""The printable winners page: gold, silver and bronze of every category on A4, Arabic by default.

Static HTML (no script, no CDN) so it prints the same from any browser or from a headless one to PDF.
Before finalisation it shows the current top three under a notice that the results are not final, so a
sheet printed early can never pass for the announced winners.
"""

from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from shared.edition import Edition

from ..service_layer.reading import ResultsReader

# Names reach the page exactly as submitted; autoescaping keeps them text, never markup.
TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                        autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
ARABIC_DIGITS = str.maketrans("0123456789.", "٠١٢٣٤٥٦٧٨٩٫")

WORDS = {
    "ar": {"awards": "جوائز الحكومات الاجتماعية", "title": "الفائزون", "medal": "الميدالية", "nominee": "المرشح",
           "country": "الدولة", "standing": "النتيجة", "gold": "ذهبية", "silver": "فضية", "bronze": "برونزية",
           "special": "جائزة خاصة", "final": "النتائج النهائية، اعتُمدت في", "other": "English",
           "not_final": "نتائج غير نهائية: هذه هي المراكز الثلاثة الأولى حتى الآن، وقد تتغير قبل اعتماد النتائج.",
           "forced": "اعتُمدت قبل اكتمال التحكيم، والسبب:", "none_final": "لم تُمنح ميداليات في هذه الفئة.",
           "none_yet": "لا نتائج في هذه الفئة بعد.", "live": "لوحة الصدارة المباشرة", "provisional": "غير نهائية"},
    "en": {"awards": "Social Government Awards", "title": "Winners", "medal": "Medal", "nominee": "Nominee",
           "country": "Country", "standing": "Standing", "gold": "Gold", "silver": "Silver", "bronze": "Bronze",
           "special": "Special award", "final": "Final results, confirmed on", "other": "العربية",
           "not_final": "Results are not final: this is the current top three, which may change before the "
                        "results are confirmed.",
           "forced": "Confirmed before judging was complete, because:",
           "none_final": "No medals were awarded in this category.", "none_yet": "No results in this category yet.",
           "live": "Live leaderboard", "provisional": "not final"},
}


MONTHS_AR = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
             "نوفمبر", "ديسمبر")


def _digits(text: str, digits: str) -> str:
    return text.translate(ARABIC_DIGITS) if digits == "arab" else text


def printed_time(moment: datetime, lang: str, digits: str) -> str:
    # Words between the numbers: an all-digit date would be reordered by the bidi algorithm in Arabic.
    if lang == "ar":
        return _digits(f"{moment.day} {MONTHS_AR[moment.month - 1]} {moment.year}، الساعة {moment:%H:%M} "
                       "بالتوقيت العالمي", digits)
    return _digits(f"{moment.day} {moment:%B %Y, %H:%M} UTC", digits)


def medal_sheet(edition: Edition, medals: list[dict[str, Any]], lang: str, digits: str) -> list[dict[str, Any]]:
    """One section per category of the edition, in the edition's order, each with its medals."""
    other = "en" if lang == "ar" else "ar"
    sections = []
    for category in edition.categories:
        rows = []
        for medal in sorted((m for m in medals if m["category"] == category.code), key=lambda m: m["rank"]):
            names = {"ar": medal["name_ar"], "en": medal.get("name_en")}
            country = edition.country(medal["country"])
            # The page's language first; an English page falls back to the Arabic name when none was given.
            shown = lang if names[lang] else other
            rows.append({"medal": medal["medal"], "name": names[shown], "name_lang": shown,
                         "aside": names[other] if shown == lang and names[other] else None, "aside_lang": other,
                         "country": getattr(country, f"name_{lang}") if country else medal["country"],
                         "standing": _digits(f"{medal['standing']:.2f}", digits)})
        sections.append({"code": category.code, "name": getattr(category, f"name_{lang}"),
                         "special": category.special, "rows": rows})
    return sections


def print_router(reader: ResultsReader) -> APIRouter:
    router = APIRouter(tags=["results"])

    @router.get("/editions/{edition_id}/winners/print", response_class=HTMLResponse)
    async def printable_winners(edition_id: str, lang: Literal["ar", "en"] = "ar",
                                digits: Literal["arab", "latn"] | None = None) -> str:
        edition, state, medals = await reader.medals(edition_id)  # before finalisation: under the not-final notice
        digits = digits or ("arab" if lang == "ar" else "latn")
        return TEMPLATES.get_template("winners_print.html.j2").render(
            lang=lang, dir="rtl" if lang == "ar" else "ltr", other="en" if lang == "ar" else "ar", t=WORDS[lang],
            edition=edition, edition_name=getattr(edition, f"name_{lang}"),
            organiser=getattr(edition, f"organiser_{lang}"), final=state is not None,
            finalised_at=printed_time(state["finalised_at"], lang, digits) if state else None,
            finalised_iso=state["finalised_at"].isoformat() if state else None,
            forced_because=state["forced_because"] if state else None,
            sections=medal_sheet(edition, medals, lang, digits))

    return router
