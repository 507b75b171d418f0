"""Answers rendered as JSON or CSV, with an ETag, and kept by ETag.

An ETag names the board, its version, the page and the format, so one body stands for every reader of
that page until the board moves on: hundreds of readers a second of a few pages cost one rendering each.
At most ``kept`` bodies are held (the least recently read leave first): readers choose pages, formats and
editions, so what they can make this hold must have a bound.

CSV is UTF-8 with a byte-order mark so spreadsheet programs show Arabic names correctly, and names each
category, country and sector code beside it in Arabic and English."""

import csv
import io
from collections import OrderedDict
from typing import Any, Literal

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from ..domain.names import with_names
from ..service_layer.reading import Answer

Format = Literal["json", "csv"]


class RenderedPages:
    def __init__(self, kept: int) -> None:
        self._bodies: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self._kept = kept

    def __len__(self) -> int:
        return len(self._bodies)

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


def render(request: Request, answer: Answer, fmt: Format, name: str, pages: RenderedPages | None = None) -> Response:
    etag = f'W/"{answer.tag}-{fmt}"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=5"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    if fmt == "csv":
        headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    rendered = pages.get(etag) if pages is not None else None
    if rendered is None:
        rendered = (_csv(with_names(answer.rows, answer.edition)) if fmt == "csv"
                    else (bytes(JSONResponse({**answer.about, "rows": answer.rows}).body), "application/json"))
        if pages is not None:
            pages.put(etag, *rendered)
    body, media_type = rendered
    return Response(body, media_type=media_type, headers=headers)


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out.update({f"{key}_{k}": v for k, v in value.items()})
        elif isinstance(value, list):
            out[key] = " ".join(map(str, value))
        else:
            out[key] = value
    return out


def _csv(rows: list[dict[str, Any]]) -> tuple[bytes, str]:
    flat = [_flat(r) for r in rows]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(dict.fromkeys(k for r in flat for k in r)))
    writer.writeheader()
    writer.writerows(flat)
    return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"
