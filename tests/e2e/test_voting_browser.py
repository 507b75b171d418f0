"""Public voting (scoring's /vote pages) in headless Chromium against the real pipeline, as a citizen
votes: the category's nominees (readable with JavaScript off), an email address, the code that arrives
in the mailbox (sent by the notification service over Kafka), one vote counted, a wrong code refused,
and a second vote refused with the date of the first, told only to whoever has the address's code.
Arabic and English, desktop and phone; screenshots in tests/artifacts/."""

import re
import uuid

import httpx
from playwright.async_api import Page

from tests.browser import DESKTOP, PHONE, browser_page, chromium, screenshot
from tests.e2e.conftest import OPEN_EDITION, Pipeline
from tests.e2e.mailpit import MailpitInbox
from tests.e2e.nominees import accepted_today
from tests.waiting import eventually

CATEGORY = "digital-content"


async def code_in_the_mailbox(pipeline: Pipeline, address: str, seen: int = 0) -> str:
    """The six digits of the newest code email to ``address`` once more than ``seen`` arrived."""
    assert isinstance(pipeline.mail, MailpitInbox)
    inbox = pipeline.mail

    async def arrived() -> str | None:
        mine = [m for m in inbox.messages if str(m["To"]) == address]
        return re.findall(r"\b\d{6}\b", str(mine[-1]["Subject"]))[0] if len(mine) > seen else None
    return await eventually(arrived, what=f"a code email to {address}")


async def ask_for_a_code(page: Page, address: str) -> None:
    await page.fill("#email", address)
    async with page.expect_navigation():
        await page.click("#ask button[type=submit]")


async def votes_of(pipeline: Pipeline, nomination_id: str) -> int | None:
    async with httpx.AsyncClient(base_url=pipeline.services["results"].url) as results:
        return (await results.get(f"/nominations/{nomination_id}")).json().get("votes") or None


async def test_a_voter_confirms_the_address_with_the_emailed_code_and_votes_once(pipeline: Pipeline) -> None:
    run = uuid.uuid4().hex[:6]
    first, second = await accepted_today(pipeline, run), await accepted_today(pipeline, run + "b")
    scoring = pipeline.services["scoring"].url
    address = f"voter-{run}@example.org"
    async with browser_page() as page:
        await page.goto(f"{scoring}/vote/{OPEN_EDITION}/{CATEGORY}")
        assert await page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == \
            ["ar", "rtl"]
        nominee = page.locator(f'li[data-id="{first}"]')
        assert f"هيئة البوابة {run}" in await nominee.inner_text() and "مصر" in await nominee.inner_text()
        assert await nominee.locator('a[href^="javascript:"]').count() == 0
        await screenshot(page, "vote-ar-desktop.png", DESKTOP)
        await screenshot(page, "vote-ar-phone.png", PHONE)
        assert await page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        await page.set_viewport_size(DESKTOP)
        async with page.expect_navigation():
            await nominee.locator("a.vote").click()
        await ask_for_a_code(page, address)
        assert await page.locator("#sent").count() == 1
        code = await code_in_the_mailbox(pipeline, address)

        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        await page.fill("#code", wrong)
        async with page.expect_navigation():
            await page.click("#confirm button[type=submit]")
        assert "الرمز غير صحيح" in await page.inner_text("#problem")
        await page.fill("#code", code)
        async with page.expect_navigation():
            await page.click("#confirm button[type=submit]")
        assert await page.locator("#done").count() == 1
        assert await eventually(lambda: votes_of(pipeline, first), what="the vote counted") == 1

        await page.goto(f"{scoring}/vote/{OPEN_EDITION}/{CATEGORY}/{second}?lang=en")
        await ask_for_a_code(page, address)
        assert await page.locator("#sent").count() == 1, "typing an address tells nothing of its vote"
        await page.fill("#code", await code_in_the_mailbox(pipeline, address, seen=1))
        async with page.expect_navigation():
            await page.click("#confirm button[type=submit]")
        refused = await page.inner_text("#problem")
        assert refused.startswith("You voted in this category on ") and re.search(r"\d{4}-\d{2}-\d{2}", refused)
        await screenshot(page, "vote-en-refused-phone.png", PHONE)
    assert await votes_of(pipeline, second) is None, "the second ballot counted nowhere"


async def test_the_nominees_are_readable_with_javascript_off_and_forms_need_their_token(pipeline: Pipeline) -> None:
    run = uuid.uuid4().hex[:6]
    nomination_id = await accepted_today(pipeline, run)
    scoring = pipeline.services["scoring"].url
    async with chromium() as browser:
        context = await browser.new_context(java_script_enabled=False, viewport=DESKTOP)
        page = await context.new_page()
        await page.goto(f"{scoring}/vote/{OPEN_EDITION}/{CATEGORY}?lang=en")
        assert f"Portal Authority {run}" in await page.locator(f'li[data-id="{nomination_id}"]').inner_text()
        await screenshot(page, "vote-en-desktop-no-script.png", DESKTOP)
        await context.close()
    async with httpx.AsyncClient(base_url=scoring) as http:
        forged = await http.post(f"/vote/{OPEN_EDITION}/{CATEGORY}/{nomination_id}/code",
                                 data={"email": f"x-{run}@example.org", "token": "from-another-site"})
        assert forged.status_code == 403
        page_answer = await http.get(f"/vote/{OPEN_EDITION}/{CATEGORY}/{nomination_id}")
        token = page_answer.text.split('name="token" value="')[1].split('"')[0]
        bad = await http.post(f"/vote/{OPEN_EDITION}/{CATEGORY}/{nomination_id}/code",
                              data={"email": "not an address", "token": token})
        assert bad.status_code == 422 and "أدخل عنوان بريد إلكتروني صحيحاً." in bad.text
        assert (await http.get(f"/vote/{OPEN_EDITION}/no-such-category")).status_code == 404
