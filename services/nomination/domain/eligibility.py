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


def nominee_governmental(n: NominationSubmitted, edition: Edition, _: datetime) -> RejectionReason | None:
    nominee = n.nominee
    if nominee.kind == "person":
        governmental = bool(nominee.government_post and nominee.government_post.strip())
    else:
        governmental = (nominee.organisation_type or "").casefold() in edition.government_organisation_types
    if not governmental:
        return RejectionReason(code="NOMINEE_NOT_GOVERNMENTAL",
                               en="The nominee must be a government body, an official government account "
                                  "or app, or a person holding a government post.",
                               ar="يجب أن يكون المرشح جهة حكومية أو حساباً أو تطبيقاً حكومياً رسمياً أو شخصاً "
                                  "يشغل منصباً حكومياً.")
    return None


# Plausible bounds of what a nominator may report; outside them a figure is a typo or an invention.
METRIC_RANGES = {
    "followers": (0, 500_000_000),
    "posts": (0, 10_000_000),
    "engagement_rate": (0.0, 1.0),
    "reply_rate": (0.0, 1.0),
    "median_reply_minutes": (0.0, 60 * 24 * 30),
    "follower_growth": (-1.0, 100.0),
}


def metrics_in_range(n: NominationSubmitted, edition: Edition, _: datetime) -> RejectionReason | None:
    if n.metrics is None:
        return None
    wrong = [name for name, (low, high) in METRIC_RANGES.items()
             if not low <= getattr(n.metrics, name) <= high]
    if wrong:
        listed = ", ".join(wrong)
        return RejectionReason(code="METRICS_OUT_OF_RANGE",
                               en=f"These reported metrics are out of range: {listed}.",
                               ar=f"المؤشرات التالية خارج النطاق المقبول: {listed}.")
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
    intake_open, country_participates, category_exists, nominee_kind_fits,
    nominee_governmental, has_official_account, metrics_in_range,
)


def duplicate_of(accepted_id: str) -> RejectionReason:
    return RejectionReason(code="DUPLICATE_NOMINEE",
                           en=f"This nominee is already nominated in this category (nomination "
                              f"{accepted_id}); the nominators are counted there.",
                           ar=f"هذا المرشح مُرشَّح بالفعل في هذه الفئة (الترشيح {accepted_id})، "
                              f"ويُحتسب المرشِّحون هناك.")


def screen(n: NominationSubmitted, edition: Edition | None, at: datetime) -> list[RejectionReason]:
    """Every reason the nomination is not eligible; empty when it is. Without its edition nothing else
    can be judged."""
    if edition is None or edition.id != n.edition_id:
        return [RejectionReason(code="EDITION_UNKNOWN", en=f"There is no edition {n.edition_id}.",
                                ar=f"لا توجد دورة باسم {n.edition_id}.")]
    return [reason for rule in RULES if (reason := rule(n, edition, at)) is not None]
