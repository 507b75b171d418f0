"""Messages from templates (Jinja2), per kind and language: a subject that says what happened, plain
text, and HTML that reads right to left in Arabic. Nominees' names appear exactly as submitted;
categories, countries and sectors by the edition's names in the message's language (their codes where
the edition is not known); dates in the recipient's time zone, with the Hijri date beside the
Gregorian one in Arabic."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hijridate import Gregorian
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from shared.edition import Edition, NamedGroup, name_of

from .notices import Notice

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ENVIRONMENT = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                          autoescape=select_autoescape(["html.j2"]), keep_trailing_newline=True)
# A name in the other script, inside a sentence, is laid out on its own (Unicode first-strong isolate), so
# "«Greater Amman» (الأردن)" keeps its order in an Arabic line and the reverse in English.
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


def render(notice: Notice, language: str, zone: str, results_url: str,
           edition: Edition | None = None) -> StaffMessage:
    """``edition``: the notice's edition, for the names of its codes; None where it is not known."""
    def local(iso: str) -> str:
        return local_date(datetime.fromisoformat(iso), zone, language)

    def names(group: NamedGroup) -> Callable[[str | None], str | None]:
        return lambda code: name_of(edition, group, code, language)

    messages = ENVIRONMENT.get_template(f"messages.{language}.j2").make_module({
        "local": local, "category": names("categories"), "country": names("countries"),
        "sector": names("sectors")})
    subject = str(messages.subject(notice)).strip()  # type: ignore[attr-defined]  # macros Jinja2 makes at run time
    body = str(messages.body(notice)).strip()  # type: ignore[attr-defined]  # macros Jinja2 makes at run time
    when = local_date(notice.time, zone, language)
    link = f"{results_url.rstrip('/')}/nominations/{notice.nomination_id}" if notice.nomination_id else None
    link_text = "التفاصيل" if language == "ar" else "Details"
    text = f"{body}\n\n{when}\n" + (f"{link}\n" if link else "")
    html = ENVIRONMENT.get_template("layout.html.j2").render(
        lang=language, subject=subject, when=when, link=link, link_text=link_text,
        body_html=body)
    return StaffMessage(notice.kind, subject, text, html)
