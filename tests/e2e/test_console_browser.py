"""The staff console's dead-letter page (notification's /console) in headless Chromium against the real
pipeline: an operator signs in with the operator key, sees an unreadable submission's dead letter with its
error and replays it to its topic (the same path as `python -m infra.dead_letters replay`); a staff key
sees and may not replay; an anonymous visitor gets the sign-in form. Arabic and English, desktop and
phone; screenshots in tests/artifacts/."""

import uuid

import httpx
from playwright.async_api import Page

from shared.dead_letter_topics import DeadLetter, read
from tests.browser import (
    both_languages_at_both_widths,
    browser_page,
    labelled_and_in_reading_order,
)
from tests.e2e.conftest import OPERATOR_KEY, Pipeline
from tests.e2e.events import publish, read_all
from tests.waiting import eventually

STAFF_KEY = "e2e-console-staff-key"
SETTINGS = {"session_secret": "e2e-console-session-secret-0123456789", "staff_api_keys": {"e2e-staff": STAFF_KEY}}
TOPIC = "nominations.submitted"


async def unreadable_submission(pipeline: Pipeline, copies: int = 1) -> tuple[bytes, DeadLetter]:
    """Bytes no reader can parse, published as another system might; its dead letter once it exists."""
    raw = f"not an event {uuid.uuid4().hex}".encode()
    await publish(pipeline.settings.kafka_bootstrap_servers, pipeline.settings.topic(TOPIC), [(b"garbage", raw)])
    return raw, (await letters_of(pipeline, raw, copies))[0]


async def letters_of(pipeline: Pipeline, raw: bytes, copies: int) -> list[DeadLetter]:
    async def arrived() -> list[DeadLetter] | None:
        found = [letter for letter in await read(pipeline.settings, TOPIC) if letter.value == raw]
        return found if len(found) >= copies else None
    return await eventually(arrived, what=f"{copies} dead letter(s) of the unreadable submission")


async def sign_in(page: Page, url: str, key: str, lang: str = "ar") -> None:
    await page.goto(f"{url}/console?lang={lang}")
    await page.fill("#key", key)
    async with page.expect_navigation():
        await page.click("button[type=submit]")


async def test_an_operator_replays_a_dead_letter_from_the_console(pipeline: Pipeline) -> None:
    raw, letter = await unreadable_submission(pipeline)
    notification = pipeline.services["notification"].url
    async with browser_page() as page:
        await sign_in(page, notification, OPERATOR_KEY)
        assert await page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == \
            ["ar", "rtl"]
        row = page.locator(f'section[data-topic="{TOPIC}"] tr[data-position="{letter.position}"]')
        assert "nomination" in (await row.inner_text()).lower()
        assert (await row.locator(".error").inner_text()).strip(), "the error the service gave"
        await labelled_and_in_reading_order(page)
        await both_languages_at_both_widths(page, "console-dead-letters")
        async with page.expect_navigation():
            await row.locator("button").click()
        assert f"{TOPIC}.dlq/{letter.position}" in await page.inner_text("#replayed")

    replayed = [r for r in await read_all(pipeline.settings.kafka_bootstrap_servers, pipeline.settings.topic(TOPIC))
                if r.value == raw and dict(r.headers or ()).get("x-awards-replayed-from")]
    assert [dict(r.headers)["x-awards-replayed-from"] for r in replayed] == \
        [f"{TOPIC}.dlq/{letter.position}".encode()], "sent back once, with its origin"
    assert len(await letters_of(pipeline, raw, 2)) == 2, "still unreadable: dead-lettered again, nothing lost"


async def test_staff_see_but_may_not_replay_and_anonymous_visitors_sign_in_first(pipeline: Pipeline) -> None:
    raw, letter = await unreadable_submission(pipeline)
    notification = pipeline.services["notification"].url
    async with browser_page() as page:
        await sign_in(page, notification, STAFF_KEY, lang="en")
        section = page.locator(f'section[data-topic="{TOPIC}"]')
        assert await section.locator(f'tr[data-position="{letter.position}"]').count() == 1
        assert await section.locator("button").count() == 0, "no replay button for staff"
    async with httpx.AsyncClient(base_url=notification) as http:
        anonymous = await http.get("/console/dead-letters")
        assert anonymous.status_code == 200 and 'id="key"' in anonymous.text
        replay = f"/console/dead-letters/{TOPIC}/{letter.position}/replay"
        assert (await http.post(replay, data={"token": "x"})).status_code == 403
        form = await http.get("/console")
        token = form.text.split('name="token" value="')[1].split('"')[0]
        signed = await http.post("/console/sign-in", data={"key": STAFF_KEY, "token": token})
        assert signed.status_code == 303
        page_text = (await http.get("/console/dead-letters?lang=en")).text
        session_token = page_text.split('name="token" value="')[1].split('"')[0]
        refused = await http.post(f"{replay}?lang=en", data={"token": session_token})
        assert refused.status_code == 403 and "Only operators replay." in refused.text
    assert len(await letters_of(pipeline, raw, 1)) == 1, "nothing replayed"
    sent_back = [r for r in await read_all(pipeline.settings.kafka_bootstrap_servers, pipeline.settings.topic(TOPIC))
                 if r.value == raw]
    assert len(sent_back) == 1, "only the original submission"
