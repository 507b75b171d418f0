"""Rendered answers kept by ETag (services/results/entrypoints/rendered.py): one rendering per page and
version, and never more bodies than the bound however many distinct pages readers ask for."""

from services.results.entrypoints.rendered import RenderedPages


def test_many_distinct_pages_never_keep_more_bodies_than_the_bound() -> None:
    pages = RenderedPages(kept=64)
    pages.put("hot", b"{}", "application/json")
    for n in range(10_000):
        pages.put(f'W/"e|c-1-live-{n}-10-json"', b"{}", "application/json")
        if n % 8 == 0:
            assert pages.get("hot") is not None  # read often: kept
        assert len(pages) <= 64
    assert pages.get('W/"e|c-1-live-0-10-json"') is None and pages.get("hot") == (b"{}", "application/json")
