"""An ASGI middleware that answers HEAD as the same request's GET without its body, so monitors and link
checkers can probe every page and API of every service.

FastAPI routes declared with ``get`` answer only GET (HEAD would be 405). Here the app sees a GET, and its
status and headers (``content-length``, ``etag``, ``cache-control``…) go out unchanged; the body never
does: the first body message is replaced by an empty, final one and later ones are dropped. Ending the
response there also ends an endless one (the live page's event stream): the server then reports the
client gone, which stops the stream. A path without a GET route answers HEAD with GET's 405 and its
``allow`` header. OpenAPI is unchanged: HEAD is an answer of every GET route, not an operation of its own.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class AnswersHead:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        ended = False

        async def without_body(message: Message) -> None:
            nonlocal ended
            if message["type"] != "http.response.body":
                await send(message)
            elif not ended:
                ended = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        # A copy: the server keeps its own scope, which still says HEAD, and sends no body either.
        await self.app({**scope, "method": "GET"}, receive, without_body)
