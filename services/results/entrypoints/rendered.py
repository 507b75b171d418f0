"""Response bodies already rendered, by ETag. An ETag names the board, its version, the page and the
format (services/results/entrypoints/api.py), so one body stands for every reader of that page until
the board moves on: hundreds of readers a second of a few pages cost one rendering each."""

from collections import OrderedDict

KEPT = 512


class RenderedPages:
    def __init__(self, kept: int = KEPT) -> None:
        self._bodies: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self._kept = kept

    def get(self, etag: str) -> tuple[bytes, str] | None:
        body = self._bodies.get(etag)
        if body is not None:
            self._bodies.move_to_end(etag)
        return body

    def put(self, etag: str, body: bytes, media_type: str) -> None:
        self._bodies[etag] = (body, media_type)
        if len(self._bodies) > self._kept:
            self._bodies.popitem(last=False)

    def clear(self) -> None:
        """Another generation went live: its versions start again from 1, so old ETags name other bodies."""
        self._bodies.clear()
