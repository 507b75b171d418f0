"""The staff console's dead-letter pages (notification, ``/console``): staff and operators sign in once
with their API key (``shared.key_sessions``, signed with ``AWARDS_SESSION_SECRET``), then see the dead
letters of every topic with their error; operators replay one to its topic through the same path as
``python -m infra.dead_letters replay`` (``shared.dead_letter_topics``). A staff session sees, and may
not replay: as in the API, a staff key reads and an operator's key acts. Arabic by default (``?lang=en``),
no script."""

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiokafka.errors import KafkaError
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from shared import topics
from shared.dead_letter_topics import DeadLetter, read, replay
from shared.forms import fields_of
from shared.key_sessions import KeySessions, same, signing_key
from shared.settings import CommonSettings

from .words import WORDS, language

TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                        autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
PATH = "/console"
COOKIE, SIGN_IN_COOKIE = "awards_console", "awards_console_sign_in"
TOPICS = {topic.name for topic in topics.ALL}


@dataclass(frozen=True)
class Holder:
    role: str  # "staff" or "operator"
    name: str


def console_pages(settings: CommonSettings) -> APIRouter:
    router = APIRouter(prefix=PATH, include_in_schema=False)
    holders = {f"operator:{name}": key for name, key in settings.operator_api_keys.items()} | \
        {f"staff:{name}": key for name, key in settings.staff_api_keys.items()}
    secret = settings.session_secret
    sessions = KeySessions(holders, signing_key(secret, "staff console sessions"), settings.console_session_s) \
        if secret else None

    def holder_of(request: Request, fields: dict[str, str] | None = None) -> Holder | None:
        cookie = request.cookies.get(COOKIE)
        if sessions is None:
            return None
        found = sessions.holder_of(cookie)
        if found is None or (fields is not None and not sessions.form_token_ok(cookie, fields.get("token", ""))):
            return None
        role, name = found.split(":", 1)
        return Holder(role, name)

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = language(request.query_params.get("lang"))
        cookie = request.cookies.get(COOKIE)
        body = TEMPLATES.get_template(template).render(
            lang=lang, t=WORDS[lang], here=request.url.path, holder=holder_of(request),
            token=sessions.form_token(cookie) if sessions and cookie else "", **context)
        return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})

    def sign_in_page(request: Request, status: int = 200, problem: str | None = None) -> HTMLResponse:
        t = WORDS[language(request.query_params.get("lang"))]
        token = KeySessions.sign_in_token()
        answer = page(request, "sign_in.html.j2", status, sign_in_token=token,
                      problem=problem or (None if sessions else t["disabled"]))
        _cookie(answer, request, SIGN_IN_COOKIE, token, 900)
        return answer

    def back(request: Request, path: str) -> RedirectResponse:
        lang = language(request.query_params.get("lang"))
        return RedirectResponse(f"{path}{'&' if '?' in path else '?'}lang={lang}", status_code=303)

    async def letters_page(request: Request, status: int = 200, **context: Any) -> Response:
        try:
            found = await asyncio.gather(*(read(settings, name) for name in sorted(TOPICS)))
        except KafkaError:
            t = WORDS[language(request.query_params.get("lang"))]
            return page(request, "dead_letters.html.j2", 503, letters={}, problem=t["unavailable"])
        letters = {name: rows for name, rows in zip(sorted(TOPICS), found, strict=True) if rows}
        return page(request, "dead_letters.html.j2", status, letters=letters,
                    replayed=request.query_params.get("replayed"), **context)

    @router.get("")
    @router.get("/dead-letters")
    async def dead_letters(request: Request) -> Response:
        if holder_of(request) is None:
            return sign_in_page(request)
        return await letters_page(request)

    @router.post("/sign-in")
    async def sign_in(request: Request) -> Response:
        fields = fields_of(await request.body())
        t = WORDS[language(request.query_params.get("lang"))]
        expected = request.cookies.get(SIGN_IN_COOKIE)
        if sessions is None:
            return sign_in_page(request, 503)
        if not expected or not same(expected, fields.get("token", "")):
            return sign_in_page(request, 403, t["expired"])
        found = sessions.holder_of_key(fields.get("key", ""))
        if found is None:
            return sign_in_page(request, 403, t["wrong_key"])
        answer = back(request, f"{PATH}/dead-letters")
        _cookie(answer, request, COOKIE, sessions.open(found), int(settings.console_session_s))
        answer.delete_cookie(SIGN_IN_COOKIE, path=PATH)
        return answer

    @router.post("/sign-out")
    async def sign_out(request: Request) -> Response:
        answer = back(request, PATH)
        if holder_of(request, fields_of(await request.body())) is not None:
            answer.delete_cookie(COOKIE, path=PATH)
        return answer

    @router.post("/dead-letters/{topic}/{position}/replay")
    async def replay_one(topic: str, position: str, request: Request) -> Response:
        holder = holder_of(request, fields_of(await request.body()))
        t = WORDS[language(request.query_params.get("lang"))]
        if holder is None:
            return sign_in_page(request, 403)
        if holder.role != "operator":
            return await letters_page(request, 403, problem=t["operators_only"])
        letter = next((d for d in (await read(settings, topic) if topic in TOPICS else [])
                       if d.position == position), None)
        if letter is None:
            return await letters_page(request, 404, problem=t["not_found"])
        try:
            await replay(settings, [letter])
        except KafkaError:
            return await letters_page(request, 503, problem=t["unavailable"])
        return back(request, f"{PATH}/dead-letters?replayed={_where(letter)}")

    return router


def _where(letter: DeadLetter) -> str:
    return f"{letter.topic}{topics.DEAD_LETTER_SUFFIX}/{letter.position}"


def _cookie(answer: Response, request: Request, name: str, value: str, max_age: int) -> None:
    answer.set_cookie(name, value, max_age=max_age, path=PATH, httponly=True, samesite="strict",
                      secure=request.url.scheme == "https")
