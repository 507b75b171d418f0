"""The printable winners page in headless Chromium against the real pipeline: marked not final while
judging goes on, then gold, silver and bronze with names exactly as submitted once the edition is
finalised, printed to A4 PDFs kept in tests/artifacts/."""

import uuid

import httpx
from playwright.async_api import Page

from tests.browser import artefact, browser_page
from tests.e2e.conftest import OPERATOR_KEY, Pipeline
from tests.e2e.nominees import board_rows, entity, judge, nominate

ARABIC_DIGITS = str.maketrans("0123456789.", "٠١٢٣٤٥٦٧٨٩٫")
PRINT = "/editions/2024-first/winners/print"


async def medals(page: Page) -> list[dict[str, str]]:
    """The digital-content table as printed: medal, nominee (both names), country, standing."""
    return await page.eval_on_selector_all("#category-digital-content tbody tr", """rows => rows.map(r => ({
        medal: r.className, name: r.querySelector('.name').textContent,
        aside: (r.querySelector('.aside') || {}).textContent || null,
        country: r.cells[2].textContent, standing: r.cells[3].textContent}))""")


async def test_the_printable_winners_are_marked_provisional_then_final(pipeline: Pipeline) -> None:
    run = uuid.uuid4().hex[:6]
    # Diacritics, hamza, an ampersand and quotes: the sheet must print them as submitted, not normalised.
    nominees = [entity(f"PR-G-{run}", f"هَيئةُ الاتصالاتِ {run}", f'Telecom & "Digital" Authority {run}', "EG"),
                entity(f"PR-S-{run}", f"وزارة المالية {run}", None, "MA"),
                entity(f"PR-B-{run}", f"أمانة تونس {run}", f"Tunis <City> Council {run}", "TN"),
                entity(f"PR-X-{run}", f"هيئة الإحصاء {run}", f"Statistics Authority {run}", "SA")]
    results = pipeline.services["results"].url
    async with httpx.AsyncClient(base_url=results, timeout=30) as http:
        ids = await nominate(pipeline.settings, http, nominees)
        for (reference, _), mark in zip(nominees, (9.0, 8.0, 7.0, 5.0), strict=True):
            await judge(pipeline.settings, ids[reference], mark)
        await board_rows(http, "digital-content", list(ids.values()))

        async with browser_page() as page:
            await page.goto(results + PRINT)
            assert await page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
            assert "نتائج غير نهائية" in await page.inner_text("#status")
            assert [m["medal"] for m in await medals(page)] == ["gold", "silver", "bronze"]
            await page.pdf(path=artefact("winners-provisional-ar.pdf"), format="A4", print_background=True)
            await page.goto(results + PRINT + "?lang=en")
            assert "Results are not final" in await page.inner_text("#status")

        finalised = await http.post("/editions/2024-first/finalise", headers={"X-Operator-Key": OPERATOR_KEY}, json={})
        assert finalised.status_code == 200, finalised.text
        standing = {w["nomination_id"]: w["standing"] for w in finalised.json()["winners"]}

    gold, silver, bronze = (ids[reference] for reference, _ in nominees[:3])
    async with browser_page() as page:
        await page.goto(results + PRINT)
        assert "النتائج النهائية" in await page.inner_text("#status") and await page.locator(".notice").count() == 0
        assert await medals(page) == [
            {"medal": "gold", "name": f"هَيئةُ الاتصالاتِ {run}", "aside": f'Telecom & "Digital" Authority {run}',
             "country": "مصر", "standing": f"{standing[gold]:.2f}".translate(ARABIC_DIGITS)},
            {"medal": "silver", "name": f"وزارة المالية {run}", "aside": None, "country": "المغرب",
             "standing": f"{standing[silver]:.2f}".translate(ARABIC_DIGITS)},
            {"medal": "bronze", "name": f"أمانة تونس {run}", "aside": f"Tunis <City> Council {run}",
             "country": "تونس", "standing": f"{standing[bronze]:.2f}".translate(ARABIC_DIGITS)}]
        assert "لم تُمنح ميداليات" in await page.inner_text("#category-personalities")
        served = await page.content()
        assert "<script" not in served and "http://" not in served and "https://" not in served, "static, no CDN"
        await page.emulate_media(media="print")
        assert await page.is_hidden("nav"), "no navigation on paper"
        await page.pdf(path=artefact("winners-ar.pdf"), format="A4", print_background=True)

        await page.emulate_media(media="screen")
        await page.goto(results + PRINT + "?lang=en")
        assert await page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["en", "ltr"]
        printed = await medals(page)
        assert [(m["name"], m["country"]) for m in printed] == [
            (f'Telecom & "Digital" Authority {run}', "Egypt"), (f"وزارة المالية {run}", "Morocco"),
            (f"Tunis <City> Council {run}", "Tunisia")], "English names, or the Arabic one when none was given"
        assert printed[0]["standing"] == f"{standing[gold]:.2f}"
        await page.pdf(path=artefact("winners-en.pdf"), format="A4", print_background=True)
    for name in ("winners-ar.pdf", "winners-en.pdf"):
        assert artefact(name).read_bytes().startswith(b"%PDF")
