"""Demo nominations of the first edition: seeded and deterministic, so every run produces the same
events (and re-publishing them is harmless: their ids are derived).

About 40 government entities across the seven countries (health first, then telecommunications & IT
and finance, as in the source), 56 government personalities, a handful of platform/app and special
societal-impact nominations, and realistic invalid ones: a country that does not take part, a person in
an entity category, and a duplicate spelled with other hamza forms. Every nominee is named in Arabic
and English; personal names are invented (``infra.demo_names``), each person holds a post in a sector of
their country and has an X account whose handle is made from the name.

    python -m infra.demo_nominations [--publish] [--out demo.jsonl] [--seed 2024]
"""

import argparse
import asyncio
import json
import random
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer

from infra.demo_names import families, person, post
from shared.events.envelope import derived_id
from shared.kafka_security import client_options
from shared.settings import CommonSettings

COUNTRIES = {
    "EG": ("مصر", "Egypt", "gov.eg"), "JO": ("الأردن", "Jordan", "gov.jo"), "IQ": ("العراق", "Iraq", "gov.iq"),
    "AE": ("الإمارات", "UAE", "gov.ae"), "SA": ("السعودية", "Saudi Arabia", "gov.sa"),
    "TN": ("تونس", "Tunisia", "gov.tn"), "MA": ("المغرب", "Morocco", "gov.ma"),
}
# sector → (weight, Arabic body, English body, organisation type)
SECTORS = {
    "health": (5, "وزارة الصحة", "Ministry of Health", "ministry"),
    "telecom-it": (4, "هيئة تنظيم الاتصالات وتقنية المعلومات", "Telecommunications and IT Regulatory Authority",
                   "authority"),
    "finance": (3, "وزارة المالية", "Ministry of Finance", "ministry"),
    "education": (1, "وزارة التربية والتعليم", "Ministry of Education", "ministry"),
    "interior": (1, "الإدارة العامة للمرور", "General Traffic Directorate", "agency"),
    "local-government": (1, "أمانة العاصمة", "Capital Municipality", "municipality"),
    "tourism-culture": (1, "هيئة تنشيط السياحة", "Tourism Promotion Authority", "authority"),
}
PLATFORMS = [("facebook", "https://www.facebook.com/"), ("x", "https://x.com/"),
             ("instagram", "https://www.instagram.com/"), ("youtube", "https://www.youtube.com/@"),
             ("tiktok", "https://www.tiktok.com/@"), ("linkedin", "https://www.linkedin.com/company/")]
INTAKE_OPENS = datetime(2023, 10, 1, tzinfo=UTC)
SOURCE = "urn:socialgov:awards:demo"


def _metrics(rng: random.Random) -> dict[str, Any]:
    return {"followers": rng.randint(5_000, 4_000_000), "posts": rng.randint(100, 9_000),
            "engagement_rate": round(rng.uniform(0.002, 0.09), 4), "reply_rate": round(rng.uniform(0.1, 0.95), 2),
            "median_reply_minutes": round(rng.uniform(5, 900), 1), "follower_growth": round(rng.uniform(-0.05, 0.8), 3)}


def _event(reference: str, data: dict[str, Any], at: datetime) -> dict[str, Any]:
    return {"specversion": "1.0", "id": derived_id("demo", reference), "source": SOURCE,
            "type": "org.socialgov.awards.nomination.submitted.v1", "time": at.isoformat(),
            "datacontenttype": "application/json",
            "data": {"reference": reference, "edition_id": "2024-first", **data}}


def _weighted_distinct(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct sectors, each draw weighted like the source's ranking."""
    remaining = dict(SECTORS)
    chosen: list[str] = []
    while len(chosen) < count:
        sector = rng.choices(list(remaining), weights=[v[0] for v in remaining.values()])[0]
        chosen.append(sector)
        del remaining[sector]
    return chosen


def demo_events(seed: int = 2024) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    at = INTAKE_OPENS

    def tick() -> datetime:
        nonlocal at
        at += timedelta(minutes=rng.randint(30, 600))
        return at

    sectors = [s for s, (weight, *_rest) in SECTORS.items() for _ in range(weight)]
    n = 0
    for code, (country_ar, country_en, domain) in COUNTRIES.items():
        for sector in _weighted_distinct(rng, rng.randint(4, 6)):
            _, body_ar, body_en, kind = SECTORS[sector]
            n += 1
            platform, base = rng.choice(PLATFORMS)
            yield _event(f"ENT-{n:03d}", {
                "category": "digital-content", "country": code, "sector": sector,
                "nominee": {"kind": "entity", "name_ar": f"{body_ar} - {country_ar}",
                            "name_en": f"{body_en} ({country_en})", "organisation_type": kind},
                "accounts": [{"platform": platform, "url": f"{base}{sector}.{domain}"}],
                "metrics": _metrics(rng)}, tick())
    unnamed = {code: families(rng, code, 8) for code in COUNTRIES}  # eight personalities per country
    held: dict[str, set[tuple[str, int]]] = {code: set() for code in COUNTRIES}
    for i in range(1, 57):
        code = list(COUNTRIES)[i % 7]
        sector = rng.choice(sectors)
        gender, name_ar, name_en, handle = person(rng, unnamed[code].pop())
        yield _event(f"PER-{i:03d}", {
            "category": "personalities", "country": code, "sector": sector,
            "nominee": {"kind": "person", "name_ar": name_ar, "name_en": name_en,
                        "government_post": post(rng, gender, sector, SECTORS[sector][1], held[code])},
            "accounts": [{"platform": "x", "url": f"https://x.com/{handle}"}],
            "metrics": _metrics(rng)}, tick())
    apps = [("EG", "تطبيق مصر الرقمية", "Digital Egypt app"), ("AE", "تطبيق الهوية الرقمية", "UAE Pass"),
            ("SA", "تطبيق توكلنا", "Tawakkalna"), ("JO", "تطبيق سند", "Sanad"),
            ("MA", "بوابة الخدمات", "Services portal")]
    for i, (code, name_ar, name_en) in enumerate(apps, 1):
        yield _event(f"APP-{i:03d}", {
            "category": "platforms-apps", "country": code, "sector": "telecom-it",
            "nominee": {"kind": "account", "name_ar": name_ar, "name_en": name_en, "organisation_type": "agency"},
            "accounts": [{"platform": "app-store", "url": f"https://apps.apple.com/app/demo-{i}"}],
            "metrics": _metrics(rng)}, tick())
    impact = [("IQ", "وزارة الصحة - حملة التطعيم الوطنية", "Ministry of Health vaccination campaign", "health"),
              ("TN", "الهيئة الوطنية لمكافحة الفساد", "National Anti-Corruption Authority", "justice"),
              ("SA", "المركز الوطني للسلامة المرورية", "National Road Safety Centre", "transport")]
    for i, (code, name_ar, name_en, sector) in enumerate(impact, 1):
        yield _event(f"IMP-{i:03d}", {
            "category": "societal-impact", "country": code, "sector": sector,
            "nominee": {"kind": "entity", "name_ar": name_ar, "name_en": name_en, "organisation_type": "authority"},
            "accounts": [{"platform": "facebook", "url": f"https://www.facebook.com/impact{i}"}]}, tick())
    # Realistic mistakes: each is rejected with its reason.
    yield _event("BAD-001", {"category": "digital-content", "country": "LY", "sector": "health",
                             "nominee": {"kind": "entity", "name_ar": "وزارة الصحة - ليبيا",
                                         "name_en": "Ministry of Health (Libya)", "organisation_type": "ministry"},
                             "accounts": [{"platform": "facebook", "url": "https://www.facebook.com/health.ly"}]},
                 tick())
    yield _event("BAD-002", {"category": "digital-content", "country": "JO", "sector": "finance",
                             "nominee": {"kind": "person", "name_ar": "سامي الخطيب", "name_en": "Sami Al-Khatib",
                                         "government_post": "وزير المالية"},
                             "accounts": [{"platform": "x", "url": "https://x.com/SamiAlKhatib"}]}, tick())
    yield _event("BAD-003", {"category": "digital-content", "country": "EG", "sector": "health",
                             "nominee": {"kind": "entity", "name_ar": "وزاره الصحه - مصر",
                                         "name_en": "Ministry of Health - Egypt", "organisation_type": "ministry"},
                             "accounts": [{"platform": "x", "url": "https://x.com/egypt_mohp_fans"}]}, tick())


async def publish(events: list[dict[str, Any]], settings: CommonSettings) -> None:
    producer = AIOKafkaProducer(**client_options(settings), acks="all",
                                enable_idempotence=True, linger_ms=10)
    await producer.start()
    try:
        topic = settings.topic("nominations.submitted")
        sent = [await producer.send(topic, json.dumps(e, ensure_ascii=False).encode(),
                                    key=e["data"]["reference"].encode()) for e in events]
        await asyncio.gather(*sent)
    finally:
        await producer.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--publish", action="store_true", help="publish to Kafka (AWARDS_* settings)")
    arguments = parser.parse_args()
    events = list(demo_events(arguments.seed))
    if arguments.out:
        arguments.out.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events),
                                 encoding="utf-8")
    if arguments.publish:
        asyncio.run(publish(events, CommonSettings()))
    print(f"{len(events)} demo nominations{' published' if arguments.publish else ''}", file=sys.stderr)


if __name__ == "__main__":
    main()
