"""Judges' portal sessions (``entrypoints/portal/sessions.py``): a signed cookie that only the service can
make, that expires, that ends when the judge's key changes, and form tokens bound to it."""

from pydantic import SecretStr

from services.scoring.entrypoints.portal.sessions import JudgeSessions
from shared.api_keys import digest

KEYS = {"j-jo-01": SecretStr("key-jo"), "j-eg-01": SecretStr(digest("key-eg"))}
SECRET = SecretStr("a-vote-secret-long-enough-0123456789")


def sessions(now: float = 1_000.0, keys: dict[str, SecretStr] = KEYS, secret: SecretStr = SECRET) -> JudgeSessions:
    return JudgeSessions(keys, secret, lifetime_s=3600, clock=lambda: now)


def test_a_judges_key_plain_or_hashed_opens_a_session_of_that_judge() -> None:
    portal = sessions()
    assert portal.judge_of_key("key-jo") == "j-jo-01"
    assert portal.judge_of_key("key-eg") == "j-eg-01"
    assert portal.judge_of_key("nope") is None and portal.judge_of_key("") is None
    assert portal.judge_of(portal.open("j-jo-01")) == "j-jo-01"


def test_a_cookie_is_refused_when_forged_expired_or_after_the_key_changed() -> None:
    cookie = sessions().open("j-jo-01")
    name, expires, mac = cookie.split(".")
    other = sessions().open("j-eg-01")
    assert sessions().judge_of(f"{other.split('.')[0]}.{expires}.{mac}") is None, "another judge's name"
    assert sessions().judge_of(f"{name}.{int(expires) + 10_000}.{mac}") is None, "a longer life"
    assert sessions(now=1_000 + 3_601).judge_of(cookie) is None, "expired"
    assert sessions(keys={**KEYS, "j-jo-01": SecretStr("new-key")}).judge_of(cookie) is None, "key changed"
    assert sessions(secret=SecretStr("another-vote-secret-0123456789")).judge_of(cookie) is None
    assert sessions(keys={"j-eg-01": KEYS["j-eg-01"]}).judge_of(cookie) is None, "judge removed"
    for junk in (None, "", "a.b", "a.b.c.d", "!!!.1.x", f"{name}.{expires}.é"):
        assert sessions().judge_of(junk) is None


def test_form_tokens_belong_to_their_session() -> None:
    portal = sessions()
    first, second = portal.open("j-jo-01"), sessions(now=2_000).open("j-jo-01")
    assert portal.form_token_ok(first, portal.form_token(first))
    assert not portal.form_token_ok(second, portal.form_token(first))
    assert not portal.form_token_ok(None, portal.form_token(first))
    assert not portal.form_token_ok(first, "")
    assert not portal.form_token_ok(first, "é"), "any text a form may carry is refused, never an error"
