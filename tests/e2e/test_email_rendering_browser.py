"""Staff email as a mail client shows it: an Arabic and an English message that the notification service
really sent (received by the SMTP sink) rendered in headless Chromium, kept as screenshots in
tests/artifacts/. Each names the country, category and sector by the edition's names in its language."""

import uuid
from email.message import EmailMessage
from typing import Any

import httpx
from playwright.async_api import ViewportSize

from tests.browser import artefact, browser_page
from tests.e2e.conftest import OPERATOR_KEY, Pipeline
from tests.e2e.events import publish, submitted
from tests.waiting import eventually

MAIL_WINDOW = ViewportSize(width=800, height=240)  # a mail client's reading pane; full_page grows it to fit
# Morocco, digital content, health (the submission's default sector), as the first edition names them.
NAMES = {"ar": ("المغرب", "المحتوى الرقمي للجهات الحكومية", "الصحة"),
         "en": ("Morocco", "Digital content of government entities", "Health")}
CODES = ("MA", "digital-content", "health")


async def test_an_arabic_and_an_english_email_render_in_their_direction(pipeline: Pipeline) -> None:
    run = uuid.uuid4().hex[:6]
    coordinator: dict[str, Any] = {"id": f"ma-{run}", "name": "Morocco coordinator", "email": f"ma-{run}@awards.test",
                   "language": "en", "timezone": "Africa/Casablanca", "countries": ["MA"]}
    async with httpx.AsyncClient(base_url=pipeline.services["notification"].url) as http:
        saved = await http.put(f"/subscriptions/{coordinator['id']}", json=coordinator,
                               headers={"X-Operator-Key": OPERATOR_KEY})
        assert saved.status_code == 200, saved.text

    name_ar, name_en = f"وزارة الانتقال الرقمي {run}", f"Ministry of Digital Transition {run}"
    reference = f"MA-MAIL-{run}"
    await publish(pipeline.settings.kafka_bootstrap_servers, pipeline.settings.topic("nominations.submitted"),
                  [(reference.encode(), submitted(reference, country="MA", nominee={
                      "kind": "entity", "name_ar": name_ar, "name_en": name_en, "organisation_type": "ministry"},
                      accounts=[{"platform": "x", "url": f"https://x.com/mdt{run}"}]))])

    expected = {"office@awards.test": (f"قُبل ترشيح {name_ar}", "ar", "rtl"),
                coordinator["email"]: (f"Nomination accepted: {name_en}", "en", "ltr")}

    async def both_emails() -> dict[str, EmailMessage] | None:
        # The acceptance email of this nomination for each recipient (other notices may arrive too).
        found = {str(m["To"]): m for m in pipeline.mail.messages
                 if str(m["To"]) in expected and str(m["Subject"]) == expected[str(m["To"])][0]}
        return found if len(found) == 2 else None
    emails = await eventually(both_emails, what="the office's Arabic and the coordinator's English email")

    async with browser_page(MAIL_WINDOW) as page:
        for recipient, (subject, lang, direction) in expected.items():
            html = emails[recipient].get_body(preferencelist=("html",))
            assert html is not None, f"no HTML part in the email to {recipient}"
            await page.set_content(html.get_content())
            shown = await page.evaluate("""() => ({lang: document.documentElement.lang,
                dir: getComputedStyle(document.body).direction, text: document.body.innerText})""")
            assert (shown["lang"], shown["dir"]) == (lang, direction)
            assert subject in shown["text"], f"the subject is not visible in the {lang} email"
            assert (name_ar if lang == "ar" else name_en) in shown["text"]
            assert all(name in shown["text"] for name in NAMES[lang]), shown["text"]
            assert not any(code in shown["text"] for code in CODES), shown["text"]
            path = artefact(f"email-{lang}.png")
            await page.screenshot(path=path, full_page=True)
            assert path.stat().st_size > 0
