"""Every service's pages as its composition root builds them carry the security headers: the live page
and its script, each service's API explorers. Served in process (no Kafka or MongoDB is reached: these
routes read neither)."""

import httpx
import pytest

from shared.runtime import asgi_app
from tools.system import SERVICES, SystemSettings


@pytest.mark.parametrize("name", sorted(SERVICES))
async def test_each_services_pages_carry_the_security_headers(name: str) -> None:
    settings = SystemSettings(vote_secret="contract-test-vote-secret-0123456789")
    app = asgi_app(SERVICES[name].build(settings), settings)
    pages = ["/docs", "/redoc", "/asyncapi", *(["/", "/?lang=en"] if name == "results" else []),
             *(["/judge", "/judge?lang=en"] if name == "scoring" else []),
             *(["/console", "/console?lang=en"] if name == "notification" else [])]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service") as http:
        for path in [*pages, "/openapi.json", *(["/live.js"] if name == "results" else []),
                     *(["/pages.css"] if name in ("scoring", "notification") else [])]:
            answer = await http.get(path)
            assert answer.status_code == 200, path
            assert answer.headers["x-content-type-options"] == "nosniff", path
            assert answer.headers["referrer-policy"] == "same-origin", path
            if path in pages:
                policy = dict(d.strip().split(" ", 1) for d in answer.headers["content-security-policy"].split(";"))
                assert "'unsafe-inline'" not in policy["script-src"], path
                assert policy["frame-ancestors"] == "'none'", path
