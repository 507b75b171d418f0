"""The judges' portal (scoring's /judge) in headless Chromium against the real pipeline, as judges use
it: sign in with the key once, score a nomination, change a mark and see the standing move on the live
page; a judge with a conflict sees why a nomination is not theirs; anonymous visitors, forged forms and
staff keys are refused. Arabic and English, desktop and phone; screenshots in tests/artifacts/."""

import uuid
from typing import Any

import httpx
from playwright.async_api import Page

from infra.judges import read_panels
from services.scoring.domain.judges import Judge, Nominee, assigned_judges
from tests.browser import (
    DESKTOP,
    both_languages_at_both_widths,
    browser_page,
    labelled_and_in_reading_order,
    screenshot,
)
from tests.e2e.conftest import OPEN_EDITION, OPERATOR_KEY, PANELS, Pipeline
from tests.e2e.nominees import accepted_today as accepted
from tests.waiting import eventually

CATEGORY = "digital-content"
CRITERIA = ("interaction", "participation", "transparency", "content-quality")


def a_judge_of(nomination_id: str, run: str) -> str:
    """One of the judges the workload ranking gives this nomination (as the desk must list it)."""
    panel = [Judge.of(judge) for judge in read_panels(PANELS)]
    nominee = Nominee.of(nomination_id, CATEGORY, "EG", f"هيئة البوابة {run}", f"Portal Authority {run}")
    return assigned_judges(nominee, panel, set(), 3)[0]


async def sign_in(page: Page, scoring: str, key: str, lang: str = "ar") -> None:
    await page.goto(f"{scoring}/judge?lang={lang}")
    await page.fill("#key", key)
    async with page.expect_navigation():
        await page.click("button[type=submit]")


async def fill_sheet(page: Page, mark: str) -> None:
    for code in CRITERIA:
        await page.fill(f"#score-{code}", mark)
    async with page.expect_navigation():
        await page.click("#sheet button[type=submit]")


async def standing_on_the_live_page(live: Page, nomination_id: str) -> str:
    return await live.locator(f'#board tbody tr[data-id="{nomination_id}"] td').nth(2).inner_text()


async def test_a_judge_signs_in_scores_changes_a_mark_and_the_live_page_follows(pipeline: Pipeline) -> None:
    run = uuid.uuid4().hex[:6]
    nomination_id = await accepted(pipeline, run)
    judge_id = a_judge_of(nomination_id, run)
    scoring, results = pipeline.services["scoring"].url, pipeline.services["results"].url
    async with browser_page() as page, browser_page() as live:
        await sign_in(page, scoring, f"key-{judge_id}")
        assert await page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == \
            ["ar", "rtl"]
        row = page.locator(f'tr[data-id="{nomination_id}"]')
        assert "بانتظار التقييم" in await row.inner_text()
        await labelled_and_in_reading_order(page)
        async with page.expect_navigation():
            await row.locator("a").click()
        assert await page.inner_text("#nominee") == f"هيئة البوابة {run} · Portal Authority {run}"
        assert await page.inner_text("#country") == "مصر"
        assert await page.locator(f'a[href="https://x.com/portal{run}"]').count() == 1
        assert await page.locator('a[href^="javascript:"]').count() == 0, "only web addresses become links"
        assert "120000" in await page.inner_text("#reported")
        await labelled_and_in_reading_order(page)
        await both_languages_at_both_widths(page, "judge-sheet")

        await fill_sheet(page, "6")
        assert "version" in await page.inner_text("#saved")
        await eventually(lambda: _counted(page), what="the first sheet counted")
        await live.goto(f"{results}/?lang=en&edition={OPEN_EDITION}&category={CATEGORY}")
        await live.locator(f'#board tbody tr[data-id="{nomination_id}"]').wait_for()
        before = await standing_on_the_live_page(live, nomination_id)

        await page.fill("#comment", "A clear, well-answered account.")
        await fill_sheet(page, "9")  # a changed mark: a new version through the same event as the API
        await live.wait_for_function(
            "([id, old]) => { const r = document.querySelector(`#board tbody tr[data-id='${id}']`);"
            " return r && r.querySelectorAll('td')[2].textContent !== old; }", arg=[nomination_id, before],
            timeout=60_000)
        assert float(await standing_on_the_live_page(live, nomination_id)) > float(before)
        await page.reload()
        assert await page.input_value("#score-interaction") == "9"
        assert await page.input_value("#comment") == "A clear, well-answered account."


async def _counted(page: Page) -> bool | None:
    await page.reload()
    return "version" in (await page.inner_text("#counted")) or None


async def test_a_judge_with_a_conflict_sees_why_the_nomination_is_not_theirs(pipeline: Pipeline) -> None:
    run = uuid.uuid4().hex[:6]
    nomination_id = await accepted(pipeline, run)
    scoring = pipeline.services["scoring"].url
    async with browser_page() as page:
        await sign_in(page, scoring, "key-j-eg-01", lang="en")  # an Egyptian judge, an Egyptian nominee
        row = page.locator(f'table.not-mine tr[data-id="{nomination_id}"]')
        assert await row.locator(".why").inner_text() == "The judge has a conflict of interest with this nominee."
        async with page.expect_navigation():
            await row.locator("a").click()
        assert "conflict of interest" in await page.inner_text("#blocked")
        assert await page.locator("#sheet").count() == 0, "no form where no mark could count"
        await screenshot(page, "judge-conflict-en-desktop.png", DESKTOP)


async def test_anonymous_visitors_forged_forms_and_other_roles_are_refused(pipeline: Pipeline) -> None:
    run = uuid.uuid4().hex[:6]
    nomination_id = await accepted(pipeline, run)
    judge_id = a_judge_of(nomination_id, run)
    scoring = pipeline.services["scoring"].url
    marks: dict[str, Any] = {f"score-{code}": "7" for code in CRITERIA}
    async with httpx.AsyncClient(base_url=scoring) as http:
        anonymous = await http.get(f"/judge/nominations/{nomination_id}")
        assert anonymous.status_code == 401 and 'id="key"' in anonymous.text, "the sign-in form, nothing else"
        assert (await http.post(f"/judge/nominations/{nomination_id}/scores", data=marks)).status_code == 403

        form = await http.get("/judge")
        for key in (OPERATOR_KEY, "key-nobody"):  # an operator's key opens no judge's session
            form = await http.post("/judge/sign-in", data={"key": key, "token": _token(form)})
            assert form.status_code == 403 and "هذا المفتاح غير صحيح." in form.text
        forged = await http.post("/judge/sign-in", data={"key": f"key-{judge_id}", "token": "forged"})
        assert forged.status_code == 403
        assert "awards_judge=" not in forged.headers.get("set-cookie", ""), "a sign-in from another site opens nothing"

        signed = await http.post("/judge/sign-in", data={"key": f"key-{judge_id}", "token": _token(forged)})
        assert signed.status_code == 303
        [session] = [c.lower() for c in signed.headers.get_list("set-cookie") if c.startswith("awards_judge=")]
        assert {"httponly", "samesite=strict", "path=/judge"} <= {part.strip() for part in session.split(";")}
        assert "max-age=28800" in session, "the session lasts AWARDS_JUDGE_SESSION_S"
        forged = await http.post(f"/judge/nominations/{nomination_id}/scores", data={**marks, "token": "forged"})
        assert forged.status_code == 403, "a form without the session's token is another site's"
        sheet = await http.get(f"/judge/nominations/{nomination_id}")
        assert sheet.status_code == 200
        policy = sheet.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def _token(page: httpx.Response) -> str:
    return page.text.split('name="token" value="')[1].split('"')[0]
