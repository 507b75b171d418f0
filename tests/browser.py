"""Headless Chromium for the browser tests: Debian's own build (installed by ``make install``, see
``infra/browser.py``) driven by Playwright, and the folder where screenshots and PDFs are kept.

Artefacts land in ``tests/artifacts/`` (git-ignored), overwritten by each run, for people to look at.
A missing Chromium fails the test instead of skipping it: ``make install`` is supposed to have put it
there, and a skipped browser test would hide that it did not.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, ViewportSize, async_playwright

from infra.browser import HOW_TO_INSTALL, executable

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DESKTOP = ViewportSize(width=1280, height=900)
PHONE = ViewportSize(width=390, height=844)


def artefact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    path = executable()
    if path is None:
        pytest.fail(f"chromium is not on PATH; `make install` installs it ({HOW_TO_INSTALL})")
    async with async_playwright() as playwright:
        # Debian's build, never a download: Playwright's own browser builds cannot be fetched here.
        browser = await playwright.chromium.launch(executable_path=path)
        try:
            yield browser
        finally:
            await browser.close()


@asynccontextmanager
async def browser_page(viewport: ViewportSize = DESKTOP) -> AsyncIterator[Page]:
    """A fresh page in its own browser; JavaScript errors on it fail the test that used it."""
    async with chromium() as browser:
        context = await browser.new_context(viewport=viewport)
        page = await context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            yield page
        finally:
            await context.close()
        assert not errors, f"JavaScript errors on the page: {errors}"


async def screenshot(page: Page, name: str, viewport: ViewportSize) -> Path:
    """The whole page at ``viewport``'s width, saved as an artefact."""
    await page.set_viewport_size(viewport)
    path = artefact(name)
    await page.screenshot(path=path, full_page=True)
    return path


FOCUSABLE = "a[href], button, input:not([type=hidden]), textarea, select"


async def labelled_and_in_reading_order(page: Page) -> None:
    """Every visible form control has a label, and the Tab key visits every control in the page's order."""
    unlabelled = await page.evaluate(
        "() => [...document.querySelectorAll('input:not([type=hidden]), textarea, select')]"
        ".filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')).map(c => c.id || c.name)")
    assert unlabelled == []
    controls = await page.evaluate("s => document.querySelectorAll(s).length", FOCUSABLE)
    visited = []
    for _ in range(controls):
        await page.keyboard.press("Tab")
        visited.append(await page.evaluate("s => [...document.querySelectorAll(s)].indexOf(document.activeElement)",
                                           FOCUSABLE))
    assert visited == list(range(controls))


async def both_languages_at_both_widths(page: Page, name: str) -> None:
    """Screenshots ``<name>-{ar,en}-{desktop,phone}.png``, switching with the page's own language link; on a
    phone nothing scrolls sideways."""
    for lang in ("ar", "en"):
        if lang == "en":
            async with page.expect_navigation():
                await page.click("#switch")
        await screenshot(page, f"{name}-{lang}-desktop.png", DESKTOP)
        await screenshot(page, f"{name}-{lang}-phone.png", PHONE)
        assert await page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        await page.set_viewport_size(DESKTOP)
