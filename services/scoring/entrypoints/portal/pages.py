"""The judges' portal (``/judge``): sign in with the judge's key once, then the desk and each nomination's
sheet, in Arabic (the default) or English (``?lang=en``). Pages without scripts; every form carries the
session's token (``sessions.py``) and is read into the API's models (``forms.py``); a sheet or recusal is
published through the same events as ``POST /scores`` and ``POST /recusals``."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from shared import topics
from shared.edition import name_of
from shared.kafka import EventBus
from shared.key_sessions import same
from shared.publishing import publish_or_503

from ...service_layer import submissions
from ...service_layer.judge_desk import desk, sheet
from ...service_layer.ports import EditionOf, FinalisedAt, ScoringStore
from ...settings import ScoringSettings
from . import forms
from .sessions import COOKIE, PATH, SIGN_IN_COOKIE, JudgeSessions
from .words import WORDS, Language, language

# Names reach the pages exactly as submitted; autoescaping keeps them text, never markup.
TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                        autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


def judge_portal(store: ScoringStore, bus: EventBus, settings: ScoringSettings, edition_of: EditionOf,
                 finalised_at: FinalisedAt) -> APIRouter:
    sessions = JudgeSessions(settings.judge_api_keys, settings.vote_secret, settings.judge_session_s)
    router = APIRouter(prefix=PATH, include_in_schema=False)

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = language(request.query_params.get("lang"))
        cookie = request.cookies.get(COOKIE)
        body = TEMPLATES.get_template(template).render(
            lang=lang, t=WORDS[lang], here=request.url.path, country=_named(lang, "countries"),
            sector=_named(lang, "sectors"), judge_id=sessions.judge_of(cookie),
            token=sessions.form_token(cookie) if cookie else "", **context)
        return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})

    def sign_in_page(request: Request, status: int = 200, problem: str | None = None) -> HTMLResponse:
        token = sessions.sign_in_token()
        answer = page(request, "sign_in.html.j2", status, sign_in_token=token, problem=problem)
        _cookie(answer, request, SIGN_IN_COOKIE, token, 900)
        return answer

    def signed_in(request: Request, fields: forms.Fields | None = None) -> str | None:
        """The session's judge; with ``fields``, only for a form that carries the session's token."""
        cookie = request.cookies.get(COOKIE)
        judge_id = sessions.judge_of(cookie)
        if judge_id is None or (fields is not None and not sessions.form_token_ok(cookie, fields.get("token", ""))):
            return None
        return judge_id

    async def posted(request: Request) -> tuple[forms.Fields, str | None]:
        """A form's fields, and its judge when it comes with the session's token."""
        fields = forms.fields_of(await request.body())
        return fields, signed_in(request, fields)

    def back(request: Request, path: str) -> RedirectResponse:
        lang = language(request.query_params.get("lang"))
        return RedirectResponse(f"{path}{'&' if '?' in path else '?'}lang={lang}", status_code=303)

    async def publish(request: Request, topic: topics.Topic, keyed: submissions.Keyed) -> Response | None:
        try:
            await publish_or_503(bus, topic, keyed.event, keyed.key, settings.publish_timeout_s)
        except HTTPException as unavailable:
            return page(request, "message.html.j2", unavailable.status_code, message=str(unavailable.detail))
        return None

    @router.get("")
    async def judge_desk(request: Request) -> Response:
        judge_id = signed_in(request)
        if judge_id is None:
            return sign_in_page(request)
        name, desks = await desk(judge_id, store, edition_of, finalised_at, datetime.now(UTC))
        return page(request, "desk.html.j2", judge_name=name, desks=desks,
                    recused=request.query_params.get("recused"))

    @router.post("/sign-in")
    async def sign_in(request: Request) -> Response:
        fields = forms.fields_of(await request.body())
        expected = request.cookies.get(SIGN_IN_COOKIE)
        lang = language(request.query_params.get("lang"))
        if not expected or not same(expected, fields.get("token", "")):
            return sign_in_page(request, 403, WORDS[lang]["expired"])
        judge_id = sessions.judge_of_key(fields.get("key", ""))
        if judge_id is None:
            return sign_in_page(request, 403, WORDS[lang]["wrong_key"])
        answer = back(request, PATH)
        _cookie(answer, request, COOKIE, sessions.open(judge_id), int(settings.judge_session_s))
        answer.delete_cookie(SIGN_IN_COOKIE, path=PATH)
        return answer

    @router.post("/sign-out")
    async def sign_out(request: Request) -> Response:
        fields = forms.fields_of(await request.body())
        if sessions.form_token_ok(request.cookies.get(COOKIE), fields.get("token", "")):
            answer = back(request, PATH)
            answer.delete_cookie(COOKIE, path=PATH)
            return answer
        return back(request, PATH)

    @router.get("/nominations/{nomination_id}")
    async def nomination_sheet(nomination_id: str, request: Request) -> Response:
        judge_id = signed_in(request)
        if judge_id is None:
            return sign_in_page(request, 401)
        return await _sheet_page(request, judge_id, nomination_id)

    async def _sheet_page(request: Request, judge_id: str, nomination_id: str, status: int = 200,
                          errors: dict[str, str] | None = None, values: forms.Fields | None = None) -> Response:
        lang = language(request.query_params.get("lang"))
        found = await sheet(judge_id, nomination_id, store, edition_of, finalised_at, datetime.now(UTC))
        if found is None:
            return page(request, "message.html.j2", 404, message=WORDS[lang]["not_found"])
        marks = found.marks or {}
        shown = values if values is not None else {
            **{f"score-{code}": _mark(value) for code, value in (marks.get("scores") or {}).items()},
            "comment": marks.get("comment") or ""}
        labels = {f"score-{c.code}": c.name_ar if lang == "ar" else c.name_en for c in found.category.criteria}
        return page(request, "sheet.html.j2", status, s=found, n=found.nomination, errors=errors or {},
                    values=shown, labels=labels, saved=request.query_params.get("saved"))

    @router.post("/nominations/{nomination_id}/scores")
    async def save_sheet(nomination_id: str, request: Request) -> Response:
        fields, judge_id = await posted(request)
        if judge_id is None:
            return sign_in_page(request, 403)
        found = await sheet(judge_id, nomination_id, store, edition_of, finalised_at, datetime.now(UTC))
        if found is None or found.blocked is not None:
            return await _sheet_page(request, judge_id, nomination_id, 404 if found is None else 409)
        sheet_in, errors = forms.score_sheet(nomination_id, fields, found.category,
                                             language(request.query_params.get("lang")))
        if sheet_in is None:
            return await _sheet_page(request, judge_id, nomination_id, 422, errors, fields)
        keyed = submissions.score_sheet(judge_id, nomination_id, sheet_in.scores, sheet_in.comment, datetime.now(UTC))
        unavailable = await publish(request, topics.JUDGING_SCORES, keyed)
        return unavailable or back(request, f"{PATH}/nominations/{nomination_id}?saved={keyed.event.data.version}")

    @router.post("/nominations/{nomination_id}/recusal")
    async def recuse(nomination_id: str, request: Request) -> Response:
        fields, judge_id = await posted(request)
        if judge_id is None:
            return sign_in_page(request, 403)
        recusal, errors = forms.recusal(nomination_id, fields)
        if recusal is None:
            return await _sheet_page(request, judge_id, nomination_id, 422, errors, fields)
        unavailable = await publish(request, topics.JUDGING_PANEL, submissions.recusal(judge_id, nomination_id,
                                                                                       recusal.reason))
        return unavailable or back(request, f"{PATH}?recused={nomination_id}")

    return router


def _named(lang: Language, group: Any) -> Any:
    return lambda edition, code: name_of(edition, group, code, lang) or code


def _mark(value: float) -> str:
    return f"{value:g}"


def _cookie(answer: Response, request: Request, name: str, value: str, max_age: int) -> None:
    # The scheme as the client used it: uvicorn takes it from X-Forwarded-Proto of a trusted proxy.
    answer.set_cookie(name, value, max_age=max_age, path=PATH, httponly=True, samesite="strict",
                      secure=request.url.scheme == "https")
