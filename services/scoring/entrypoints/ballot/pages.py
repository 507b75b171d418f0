"""The public voting pages (``/vote/{edition}/{category}``): the category's nominees, then, for one of
them, the voter's email address, the code sent to it, and the vote. Arabic by default (``?lang=en``),
no script. Forms carry a token equal to a cookie set with the page (double submit); each client address
may post at most ``AWARDS_VOTES_PER_MINUTE`` forms a minute to one instance (a limit of its own, beside the
API's)."""

import hmac
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from shared import topics
from shared.edition import name_of
from shared.kafka import EventBus
from shared.publishing import publish_or_503

from ...service_layer.ballot_codes import CodeRefused, TooManyCodes, confirm_vote, request_code
from ...service_layer.ballot_paper import ballot_paper
from ...service_layer.ballots import AlreadyVoted, BallotRefused, EditionFinalised, UnknownNomination
from ...service_layer.ports import EditionOf, FinalisedAt, ScoringStore
from ...settings import ScoringSettings
from ..http import EMAIL
from ..portal.forms import fields_of
from ..rate_limit import RateLimit
from .words import WORDS, language

TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                        autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
COOKIE = "awards_vote"
PATH = "/vote"


def voting_pages(store: ScoringStore, bus: EventBus, settings: ScoringSettings, edition_of: EditionOf,
                 finalised_at: FinalisedAt) -> APIRouter:
    router = APIRouter(prefix=PATH, include_in_schema=False)
    limit = RateLimit(settings.votes_per_minute, settings.rate_limit_clients)
    secret = settings.vote_secret.get_secret_value()

    async def page(request: Request, edition_id: str, category: str, template: str, status: int = 200,
                   **context: Any) -> Response:
        lang = language(request.query_params.get("lang"))
        paper = await ballot_paper(edition_id, category, store, edition_of, finalised_at, datetime.now(UTC))
        if paper is None:
            raise HTTPException(404, detail="no such edition and category")
        token = request.cookies.get(COOKIE) or secrets.token_urlsafe(24)
        closed = None if paper.closed is None else WORDS[lang]["finalised" if paper.closed == "finalised" else "closed"]
        body = TEMPLATES.get_template(template).render(
            lang=lang, t=WORDS[lang], here=request.url.path, base=f"{PATH}/{edition_id}/{category}", token=token,
            category_name=paper.category.name_ar if lang == "ar" else paper.category.name_en, closed=closed,
            nominees=paper.nominees, country=lambda code: name_of(paper.edition, "countries", code, lang) or code,
            **context)
        answer = HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})
        # The scheme as the client used it: uvicorn takes it from X-Forwarded-Proto of a trusted proxy.
        answer.set_cookie(COOKIE, token, max_age=3600, path=PATH, httponly=True, samesite="strict",
                          secure=request.url.scheme == "https")
        return answer

    async def listed(edition_id: str, category: str, nomination_id: str) -> dict[str, Any] | None:
        """The nominee, when it is an accepted nominee of this page's edition and category."""
        nominee = await store.nomination(nomination_id)
        if nominee is None or (nominee.get("edition_id"), nominee.get("category"), nominee.get("status")) != \
                (edition_id, category, "accepted"):
            return None
        return nominee

    async def ballot(request: Request, edition_id: str, category: str, nomination_id: str, status: int = 200,
                     **context: Any) -> Response:
        nominee = await listed(edition_id, category, nomination_id)
        if nominee is None:
            lang = language(request.query_params.get("lang"))
            return await page(request, edition_id, category, "nominees.html.j2", 404, problem=WORDS[lang]["unknown"])
        return await page(request, edition_id, category, "ballot.html.j2", status, n=nominee,
                          **{"stage": "email", "email": "", "problem": None, **context})

    def refusal(request: Request, refused: BallotRefused) -> tuple[int, str]:
        t = WORDS[language(request.query_params.get("lang"))]
        if isinstance(refused, AlreadyVoted):
            when = refused.first_at
            return 409, f"{t['already_on']} {when:%Y-%m-%d}." if when else f"{t['already']}."
        if isinstance(refused, CodeRefused):
            return (422 if refused.outcome == "wrong" else 410), t[refused.outcome]
        if isinstance(refused, TooManyCodes):
            return 429, t["too_many"]
        if isinstance(refused, UnknownNomination):
            return 404, t["unknown"]
        return 409, t["finalised" if isinstance(refused, EditionFinalised) else "closed"]

    async def checked_form(request: Request) -> tuple[dict[str, str], str, tuple[int, str] | None]:
        """The form's fields and email address, and what is wrong with the request, with its status."""
        fields = fields_of(await request.body())
        email = fields.get("email", "").strip().lower()
        t = WORDS[language(request.query_params.get("lang"))]
        if not fields.get("token") or \
                not hmac.compare_digest(request.cookies.get(COOKIE, "").encode(), fields["token"].encode()):
            return fields, email, (403, t["expired_form"])
        if not limit.allow(request.client.host if request.client else "unknown"):
            return fields, email, (429, t["slow_down"])
        return fields, email, None if EMAIL.match(email) else (422, t["bad_email"])

    async def published(topic: topics.Topic, keyed: Any) -> bool:
        try:
            await publish_or_503(bus, topic, keyed.event, keyed.key, settings.publish_timeout_s)
        except HTTPException:
            return False
        return True

    @router.get("/{edition_id}/{category}")
    async def nominees(edition_id: str, category: str, request: Request) -> Response:
        return await page(request, edition_id, category, "nominees.html.j2")

    @router.get("/{edition_id}/{category}/{nomination_id}")
    async def vote_for(edition_id: str, category: str, nomination_id: str, request: Request) -> Response:
        return await ballot(request, edition_id, category, nomination_id)

    @router.post("/{edition_id}/{category}/{nomination_id}/code")
    async def send_code(edition_id: str, category: str, nomination_id: str, request: Request) -> Response:
        fields, email, wrong = await checked_form(request)
        lang = language(request.query_params.get("lang"))
        if wrong or not await listed(edition_id, category, nomination_id):
            status, problem = wrong or (404, WORDS[lang]["unknown"])
            return await ballot(request, edition_id, category, nomination_id, status, email=email, problem=problem)
        try:
            keyed = await request_code(email, nomination_id, lang, secret, store, edition_of, finalised_at,
                                       datetime.now(UTC))
        except BallotRefused as refused:
            status, problem = refusal(request, refused)
            return await ballot(request, edition_id, category, nomination_id, status, email=email, problem=problem)
        if not await published(topics.VOTER_CODES, keyed):
            return await ballot(request, edition_id, category, nomination_id, 503, email=email,
                                problem=WORDS[lang]["unavailable"])
        return await ballot(request, edition_id, category, nomination_id, stage="code", email=email)

    @router.post("/{edition_id}/{category}/{nomination_id}/confirm")
    async def confirm(edition_id: str, category: str, nomination_id: str, request: Request) -> Response:
        fields, email, wrong = await checked_form(request)
        lang = language(request.query_params.get("lang"))
        if wrong or not await listed(edition_id, category, nomination_id):
            status, problem = wrong or (404, WORDS[lang]["unknown"])
            return await ballot(request, edition_id, category, nomination_id, status, problem=problem)
        try:
            keyed = await confirm_vote(email, fields.get("code", ""), nomination_id, secret, store, edition_of,
                                       finalised_at, datetime.now(UTC))
        except BallotRefused as refused:
            status, problem = refusal(request, refused)
            stage = "code" if isinstance(refused, CodeRefused) and refused.outcome == "wrong" else "email"
            return await ballot(request, edition_id, category, nomination_id, status, stage=stage, email=email,
                                problem=problem)
        if not await published(topics.VOTES, keyed):  # the code is used: the voter asks for another
            return await ballot(request, edition_id, category, nomination_id, 503, email=email,
                                problem=WORDS[lang]["unavailable"])
        return await ballot(request, edition_id, category, nomination_id, stage="done")

    return router
