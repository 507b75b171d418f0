"""Eligibility rules: pure functions of (submission, edition, event time) → a reason or nothing.

Every rule runs and every failure is reported, so a submitter fixes everything in one go. Each reason
has a stable code that other systems may match on, and an Arabic and English text for people.
"""

from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from shared.edition import Edition
from shared.events.nomination import NominationSubmitted, RejectionReason

Rule = Callable[[NominationSubmitted, Edition, datetime], RejectionReason | None]


def edition_matches(n: NominationSubmitted, edition: Edition, _: datetime) -> RejectionReason | None:
    if n.edition_id != edition.id:
        return RejectionReason(code="EDITION_UNKNOWN", en=f"Edition {n.edition_id} is not open.",
                               ar=f"الدورة {n.edition_id} غير متاحة.")
    return None


def intake_open(n: NominationSubmitted, edition: Edition, at: datetime) -> RejectionReason | None:
    if not edition.windows.intake.is_open_at(at):
        return RejectionReason(code="INTAKE_CLOSED",
                               en="The nomination was submitted outside the intake window.",
                               ar="قُدِّم الترشيح خارج فترة استقبال الترشيحات.")
    return None


def country_participates(n: NominationSubmitted, edition: Edition, _: datetime) -> RejectionReason | None:
    if edition.country(n.country) is None:
        return RejectionReason(code="COUNTRY_NOT_PARTICIPATING",
                               en=f"Country {n.country} does not take part in this edition.",
                               ar=f"الدولة {n.country} لا تشارك في هذه الدورة.")
    return None


def category_exists(n: NominationSubmitted, edition: Edition, _: datetime) -> RejectionReason | None:
    if edition.category(n.category) is None:
        return RejectionReason(code="CATEGORY_UNKNOWN", en=f"There is no category {n.category}.",
                               ar=f"لا توجد فئة باسم {n.category}.")
    return None


def nominee_kind_fits(n: NominationSubmitted, edition: Edition, _: datetime) -> RejectionReason | None:
    category = edition.category(n.category)
    if category is not None and n.nominee.kind not in category.nominee_kinds:
        return RejectionReason(code="NOMINEE_KIND_MISMATCH",
                               en=f"Category {category.name_en} does not take a nominee of kind "
                                  f"{n.nominee.kind}.",
                               ar=f"فئة {category.name_ar} لا تقبل هذا النوع من المرشحين.")
    return None


def has_official_account(n: NominationSubmitted, edition: Edition, _: datetime) -> RejectionReason | None:
    if not any(_is_official(a.platform, a.url, edition) for a in n.accounts):
        return RejectionReason(code="NO_OFFICIAL_ACCOUNT",
                               en="At least one official account on a known platform with a valid "
                                  "https link is required.",
                               ar="يلزم حساب رسمي واحد على الأقل على منصة معروفة برابط https صحيح.")
    return None


def _is_official(platform: str, url: str, edition: Edition) -> bool:
    hosts = edition.platforms.get(platform.lower())
    if not hosts:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(host == h or host.endswith("." + h) for h in hosts)


RULES: tuple[Rule, ...] = (
    edition_matches, intake_open, country_participates, category_exists, nominee_kind_fits,
    has_official_account,
)


def screen(n: NominationSubmitted, edition: Edition, at: datetime) -> list[RejectionReason]:
    """Every reason the nomination is not eligible; empty when it is."""
    return [reason for rule in RULES if (reason := rule(n, edition, at)) is not None]
