"""Answers a newcomer can trust, on the running services: an edition or category results does not know
answers 404 naming those that exist, a known edition with nothing in it yet answers 200 with nothing,
and every GET route of every service answers HEAD with GET's status and headers and no body."""

import asyncio

import httpx

from infra.edition import publish as publish_edition
from shared.edition import load_edition
from tests.e2e.conftest import FIRST_EDITION, OPEN_EDITION, Pipeline, open_edition
from tests.waiting import eventually

EMPTY_EDITION = "e2e-empty"
EDITIONS = ("2024-first", EMPTY_EDITION, OPEN_EDITION)
EDITION_ROUTES = ("/leaderboards", "/leaderboards/digital-content", "/countries", "/sectors", "/progress",
                  "/winners", "/winners/print", "/late-events", "")
STREAM = "/editions/{edition_id}/stream"


async def test_an_unknown_edition_or_category_answers_404_naming_what_exists(pipeline: Pipeline) -> None:
    await publish_edition(open_edition().model_copy(update={"id": EMPTY_EDITION}), pipeline.settings)
    async with httpx.AsyncClient(base_url=pipeline.services["results"].url) as http:
        async def known() -> bool:
            return (await http.get(f"/editions/{EMPTY_EDITION}")).status_code == 200
        await eventually(known, what="results to know the new edition")

        for route in EDITION_ROUTES:
            for method in ("GET", "HEAD"):
                answer = await http.request(method, f"/editions/nope{route}")
                assert answer.status_code == 404, (method, route, answer.status_code)
                if method == "GET":
                    detail = answer.json()["detail"]
                    assert "nope" in detail and all(edition in detail for edition in EDITIONS), (route, detail)

        unknown = await http.get("/editions/2024-first/leaderboards/no-such-category")
        assert unknown.status_code == 404
        categories = [c.code for c in load_edition(FIRST_EDITION).categories]
        assert "no-such-category" in unknown.json()["detail"]
        assert all(code in unknown.json()["detail"] for code in categories), unknown.json()

        # Known, with no nominations yet: 200 and nothing in it.
        assert (await http.get(f"/editions/{EMPTY_EDITION}/leaderboards")).json() == []
        board = await http.get(f"/editions/{EMPTY_EDITION}/leaderboards/digital-content")
        assert board.status_code == 200
        assert (board.json()["rows"], board.json()["total"], board.json()["frozen"]) == ([], 0, False)
        for table in ("countries", "sectors", "progress"):
            answer = await http.get(f"/editions/{EMPTY_EDITION}/{table}")
            assert (answer.status_code, answer.json()) == (200, {"rows": []}), table
        assert (await http.get(f"/editions/{EMPTY_EDITION}/late-events")).json() == []
        assert (await http.get(f"/editions/{EMPTY_EDITION}/winners/print")).status_code == 200
        not_final = await http.get(f"/editions/{EMPTY_EDITION}/winners")
        assert not_final.status_code == 404 and "not finalised" in not_final.json()["detail"]


def url_of(path: str) -> str:
    return (path.replace("{edition_id}", OPEN_EDITION).replace("{category}", "digital-content")
            .replace("{subscription_id}", "nobody").replace("{nomination_id}", "unknown"))


def same_headers(get: httpx.Response, head: httpx.Response) -> bool:
    return {k: v for k, v in get.headers.items() if k != "date"} == \
        {k: v for k, v in head.headers.items() if k != "date"}


async def test_every_get_route_of_every_service_answers_head(pipeline: Pipeline) -> None:
    stable = {"nomination": ["/healthz", "/nominations/unknown"], "scoring": ["/healthz", "/standings/unknown"],
              "notification": ["/healthz", "/subscriptions"],
              "results": ["/", "/healthz", f"/editions/{OPEN_EDITION}/winners/print",
                          f"/editions/{OPEN_EDITION}/leaderboards/digital-content", "/editions/nope/leaderboards"]}
    for name, service in pipeline.services.items():
        async with httpx.AsyncClient(base_url=service.url, timeout=30) as http:
            spec = (await http.get("/openapi.json")).json()
            paths = [path for path, item in spec["paths"].items() if "get" in item] + ["/docs", "/openapi.json"]
            assert "/healthz" in paths and "/readyz" in paths
            for path in paths:
                head = await asyncio.wait_for(http.head(url_of(path)), 30)
                assert head.content == b"", (name, path)
                expected = 200 if path == STREAM else (await http.get(url_of(path))).status_code
                assert head.status_code == expected, (name, path, head.status_code, expected)
            for path in stable[name]:
                get, head = await http.get(path), await http.head(path)
                assert head.status_code == get.status_code and head.content == b"" and same_headers(get, head), \
                    (name, path, get.headers, head.headers)
