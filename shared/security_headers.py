"""Security headers on every answer of every service.

Every answer says: do not guess content types (``nosniff``), send no referrer to other sites, and never
show this in a frame. HTML gets a Content-Security-Policy: scripts only from the service itself (the
pages' scripts are files, never inline), no plugins, no frames, forms posted only back to the service.
Inline styles stay allowed: they cannot run code.

The API explorers (``/docs``, ``/redoc``, ``/asyncapi``) are generated from the service's own
specifications by FastAPI and FastStream, load their libraries from public CDNs and start them with an
inline script. Their policy allows exactly the origins the generated page names and its inline scripts
by hash, computed from the page itself: nothing in those pages comes from a caller.
"""

import base64
import hashlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

EVERY_ANSWER = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                (b"x-frame-options", b"DENY")]
PAGES = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
         "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
EXPLORERS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc", "/asyncapi"})
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)
_ORIGIN = re.compile(rb"""(?:src|href)=["'](https://[^/"']+)""")


def explorer_policy(page: bytes) -> str:
    """The policy of a generated explorer page: its CDN origins and its inline scripts by hash."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s).digest()).decode()}'"
                      for s in _INLINE_SCRIPT.findall(page))
    origins = " ".join(sorted({origin.decode() for origin in _ORIGIN.findall(page)}))
    return (f"default-src 'self'; script-src 'self' {origins} {hashes}; style-src 'self' 'unsafe-inline' {origins}; "
            f"font-src 'self' data: https:; img-src 'self' data: https:; connect-src 'self'; worker-src 'self' blob:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] in EXPLORERS:
            await self._explorer(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = _without(message.get("headers", []), b"content-security-policy")
                if _is_html(headers):
                    headers.append((b"content-security-policy", PAGES.encode()))
                message["headers"] = [*headers, *EVERY_ANSWER]
            await send(message)

        await self.app(scope, receive, with_headers)

    async def _explorer(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Held whole (a few kilobytes) to hash its inline scripts before the headers go."""
        start: Message = {}
        body = bytearray()

        async def hold(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))

        await self.app(scope, receive, hold)
        headers = _without(start.get("headers", []), b"content-security-policy", b"content-length")
        if _is_html(headers):
            headers.append((b"content-security-policy", explorer_policy(bytes(body)).encode()))
        headers += [(b"content-length", str(len(body)).encode()), *EVERY_ANSWER]
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": bytes(body)})


def _without(headers: list[tuple[bytes, bytes]], *names: bytes) -> list[tuple[bytes, bytes]]:
    return [(name, value) for name, value in headers if name.lower() not in names]


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(name.lower() == b"content-type" and value.startswith(b"text/html") for name, value in headers)
