"""Security headers (shared/security_headers.py): on every answer; a policy without inline scripts on
the pages; the generated API explorers allowed exactly their own inline scripts, by hash."""

import base64
import hashlib
import re

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from shared.security_headers import PAGES, SecurityHeaders


@pytest.fixture
def http() -> httpx.AsyncClient:
    app = FastAPI()

    @app.get("/page", response_class=HTMLResponse)
    async def page() -> str:
        return "<html><body><script>alert(1)</script></body></html>"

    @app.get("/data")
    async def data() -> dict[str, int]:
        return {"n": 1}

    app.add_middleware(SecurityHeaders)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service")


def _directive(policy: str, name: str) -> list[str]:
    return next(d.split()[1:] for d in policy.split(";") if d.split()[0] == name)


async def test_every_answer_says_nosniff_no_referrer_elsewhere_and_no_frames(http: httpx.AsyncClient) -> None:
    for path in ("/page", "/data", "/docs", "/missing"):
        answer = await http.get(path)
        assert answer.headers["x-content-type-options"] == "nosniff", path
        assert answer.headers["referrer-policy"] == "same-origin", path
        assert answer.headers["x-frame-options"] == "DENY", path


async def test_a_page_runs_scripts_from_the_service_only(http: httpx.AsyncClient) -> None:
    policy = (await http.get("/page")).headers["content-security-policy"]
    assert policy == PAGES
    assert _directive(policy, "script-src") == ["'self'"]
    assert _directive(policy, "frame-ancestors") == ["'none'"]
    assert "content-security-policy" not in (await http.get("/data")).headers


async def test_the_api_explorer_runs_its_own_inline_script_by_hash_and_its_cdn(http: httpx.AsyncClient) -> None:
    answer = await http.get("/docs")
    assert answer.status_code == 200
    inline = re.findall(rb"<script>(.*?)</script>", answer.content, re.S)
    assert inline, "FastAPI's explorer starts Swagger UI with an inline script"
    scripts = _directive(answer.headers["content-security-policy"], "script-src")
    assert "'unsafe-inline'" not in scripts
    assert "https://cdn.jsdelivr.net" in scripts
    assert {f"'sha256-{base64.b64encode(hashlib.sha256(s).digest()).decode()}'" for s in inline} <= set(scripts)
    assert int(answer.headers["content-length"]) == len(answer.content)
