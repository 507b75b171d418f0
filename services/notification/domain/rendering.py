"""Messages from templates (Jinja2), per kind and language: a subject that says what happened, plain
text, and HTML that reads right to left in Arabic. Names appear exactly as submitted; dates are shown
in the recipient's time zone, with the Hijri date beside the Gregorian one in Arabic."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hijridate import Gregorian
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .notices import Notice

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ENVIRONMENT = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                          autoescape=select_autoescape(["html.j2"]), keep_trailing_newline=True)
# A name in the other script, inside a sentence, is laid out on its own (Unicode first-strong isolate), so
# "«Greater Amman» (JO، digital-content)" keeps its order in an Arabic line and the reverse in English.
ENVIRONMENT.filters["isolated"] = lambda text: f"\u2068{text}\u2069"


@dataclass(frozen=True)
class StaffMessage:
    kind: str
    subject: str
    text: str
    html: str


def local_date(moment: datetime, zone: str, language: str) -> str:
    local = moment.astimezone(ZoneInfo(zone))
    gregorian = local.strftime("%Y-%m-%d %H:%M")
    if language != "ar":
        return f"{gregorian} ({zone})"
    hijri = Gregorian(local.year, local.month, local.day).to_hijri()
    return f"{gregorian} ({zone}) — {hijri.day} {hijri.month_name('ar')} {hijri.year} هـ"


def render(notice: Notice, language: str, zone: str, results_url: str) -> StaffMessage:
    def local(iso: str) -> str:
        return local_date(datetime.fromisoformat(iso), zone, language)

    messages = ENVIRONMENT.get_template(f"messages.{language}.j2").make_module({"local": local})
    subject = str(messages.subject(notice)).strip()  # type: ignore[attr-defined]
    body = str(messages.body(notice)).strip()  # type: ignore[attr-defined]
    when = local_date(notice.time, zone, language)
    link = f"{results_url.rstrip('/')}/nominations/{notice.nomination_id}" if notice.nomination_id else None
    link_text = "التفاصيل" if language == "ar" else "Details"
    text = f"{body}\n\n{when}\n" + (f"{link}\n" if link else "")
    html = ENVIRONMENT.get_template("layout.html.j2").render(
        lang=language, subject=subject, when=when, link=link, link_text=link_text,
        body_html=body)
    return StaffMessage(notice.kind, subject, text, html)
