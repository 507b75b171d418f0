"""The live results page in headless Chromium against the real pipeline, as a reader uses it: Arabic
first, the English switch, a leaderboard that changes while the page stays open, phone and desktop
widths, and the category tabs from the keyboard. Screenshots are kept in tests/artifacts/."""

import uuid

import httpx
from playwright.async_api import Page
from playwright.async_api import TimeoutError as PlaywrightTimeout

from tests.browser import DESKTOP, PHONE, browser_page, screenshot
from tests.e2e.conftest import Pipeline
from tests.e2e.nominees import board_rows, entity, judge, nominate, person
from tests.waiting import eventually

LIVE = "● "  # the status line once the page's event stream is open


async def document(page: Page) -> dict[str, str]:
    return await page.evaluate("({lang: document.documentElement.lang, dir: document.documentElement.dir})")


async def both_widths(page: Page, lang: str) -> None:
    """Desktop and phone screenshots; on a phone the country column gives way and nothing scrolls sideways."""
    await screenshot(page, f"live-{lang}-desktop.png", DESKTOP)
    await screenshot(page, f"live-{lang}-phone.png", PHONE)
    assert await page.is_hidden("#board thead th.hide-narrow")
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    await page.set_viewport_size(DESKTOP)


async def test_the_live_page_in_arabic_then_english_follows_the_board_without_reloading(pipeline: Pipeline) -> None:
    run = uuid.uuid4().hex[:6]
    leader = entity(f"LIVE-A-{run}", f"هيئة الاتصالات {run}", f"Communications Authority {run}", "EG")
    chaser = entity(f"LIVE-B-{run}", f"وزارة المالية {run}", f"Ministry of Finance {run}", "MA")
    results = pipeline.services["results"].url
    async with httpx.AsyncClient(base_url=results, timeout=30) as http:
        ids = await nominate(pipeline.settings, http, [leader, chaser])
        first, second = ids[leader[0]], ids[chaser[0]]
        await judge(pipeline.settings, first, 8.0)
        await judge(pipeline.settings, second, 6.0)
        await board_rows(http, "digital-content", [first, second])

    async with browser_page() as page:
        await page.goto(results + "/")
        assert await document(page) == {"lang": "ar", "dir": "rtl"}
        row = page.locator(f'#board tbody tr[data-id="{first}"]')
        await row.wait_for()
        await page.wait_for_function("s => document.getElementById('status').textContent.startsWith(s)", arg=LIVE)
        headings = await page.inner_text("#board thead")
        assert "المرشح" in headings and "النتيجة" in headings
        assert await row.locator("th").inner_text() == f"هيئة الاتصالات {run}"  # the name as submitted
        assert await row.locator("td.hide-narrow").inner_text() == "مصر"  # the edition's name, not EG
        assert await row.locator("td").first.inner_text() == "١"  # Arabic-Indic digits in Arabic
        await both_widths(page, "ar")

        async with page.expect_navigation():
            await page.click("#switch")  # the page's own language switch, as a reader clicks it
        assert await document(page) == {"lang": "en", "dir": "ltr"}
        assert "category=digital-content" in page.url, "the switch keeps the category being read"
        await row.wait_for()
        headings = await page.inner_text("#board thead")
        assert "Nominee" in headings and "Standing" in headings
        assert await row.locator("th").inner_text() == f"Communications Authority {run}"
        assert await row.locator("td.hide-narrow").inner_text() == "Egypt"
        await page.wait_for_function("s => document.getElementById('status').textContent.startsWith(s)", arg=LIVE)
        await both_widths(page, "en")

        # New marks reach scoring over Kafka; the open page must re-rank itself from its event stream.
        await page.evaluate("window.sameDocument = true")
        await judge(pipeline.settings, second, 10.0, version=2)
        try:
            await page.wait_for_function(
                """([first, second]) => {
                     const ids = [...document.querySelectorAll('#board tbody tr')].map(r => r.dataset.id);
                     return ids.indexOf(second) > -1 && ids.indexOf(second) < ids.indexOf(first);
                   }""", arg=[first, second], timeout=60_000)
        except PlaywrightTimeout:
            async with httpx.AsyncClient(base_url=results) as http:
                board = (await http.get("/editions/2024-first/leaderboards/digital-content")).json()
            raise AssertionError(f"the open page did not re-rank; the page shows {await page.inner_text('#board')!r} "
                                 f"and the API {[(r['name_en'], r['standing']) for r in board['rows']]}") from None
        assert await page.evaluate("window.sameDocument === true"), "the page was reloaded"
        moved = page.locator(f'#board tbody tr[data-id="{second}"]')
        assert await moved.locator("td").first.inner_text() == "1"


async def test_the_category_tabs_are_reached_and_switched_from_the_keyboard(pipeline: Pipeline) -> None:
    run = uuid.uuid4().hex[:6]
    async with httpx.AsyncClient(base_url=pipeline.services["results"].url, timeout=30) as http:
        await nominate(pipeline.settings, http, [
            person(f"KEY-P-{run}", f"سارة العلي {run}", f"Sara Al-Ali {run}", "TN"),
            entity(f"KEY-S-{run}", f"صندوق الزكاة {run}", None, "SA", category="societal-impact")])
        for category in ("personalities", "societal-impact"):
            await eventually_board(http, category)

    for lang, forward, back in (("ar", "ArrowLeft", "ArrowRight"), ("en", "ArrowRight", "ArrowLeft")):
        async with browser_page() as page:
            await page.goto(f"{pipeline.services['results'].url}/?lang={lang}")
            await page.wait_for_function("() => document.querySelectorAll('#tabs [role=tab]').length >= 2")
            tabs = await page.eval_on_selector_all("#tabs [role=tab]", "ts => ts.map(t => t.dataset.category)")
            for _ in range(10):  # Tab from the top of the page until a category tab has the focus
                await page.keyboard.press("Tab")
                if await focused(page, "role") == "tab":
                    break
            assert await focused(page, "aria-selected") == "true", "Tab lands on the selected category"
            start = tabs.index(await focused(page, "data-category"))

            await page.keyboard.press(forward)
            following = tabs[(start + 1) % len(tabs)]
            assert (await focused(page, "data-category"), await focused(page, "aria-selected")) == (following, "true")
            label = await page.inner_text(f"#tab-{following}")  # the edition's name of the category
            assert label != following, "tabs are labelled with the edition's names, not codes"
            await page.wait_for_function("c => document.getElementById('board-caption').textContent.endsWith(c)",
                                         arg=label)
            await page.keyboard.press(back)
            assert await focused(page, "data-category") == tabs[start]
            await page.keyboard.press("End")
            assert await focused(page, "data-category") == tabs[-1]
            await page.keyboard.press("Home")
            assert await focused(page, "data-category") == tabs[0]
            await page.keyboard.press("Tab")  # one stop for the whole tab list: Tab leaves it
            assert await focused(page, "role") != "tab"


async def focused(page: Page, attribute: str) -> str | None:
    return await page.evaluate("a => document.activeElement && document.activeElement.getAttribute(a)", attribute)


async def eventually_board(http: httpx.AsyncClient, category: str) -> None:
    async def published() -> bool:
        answer = await http.get(f"/editions/2024-first/leaderboards/{category}")
        return answer.status_code == 200 and bool(answer.json()["rows"])
    await eventually(published, what=f"the {category} leaderboard")
