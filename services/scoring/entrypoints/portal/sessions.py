"""Judges' sessions in the portal: a signed cookie, and the form tokens that go with it.

The cookie holds the judge id and an expiry, signed (HMAC-SHA256) with a key derived from the vote
secret and the judge's configured key: any instance of scoring checks it without a session store, it
cannot be forged without both, and changing a judge's key ends that judge's sessions. It is HttpOnly
and SameSite=Strict, and Secure when the portal is reached over HTTPS (directly, or through a proxy
trusted by ``AWARDS_FORWARDED_ALLOW_IPS`` that says so in X-Forwarded-Proto). Signing out deletes the
cookie in the browser; a copy taken before stays valid until it expires, or until the judge's key
changes.

Every form carries a token bound to the session (``form_token``), so a page of another site cannot post
a form as the judge. The sign-in form, before any session, carries a random token that must equal a
cookie set with the form (double submit).
"""

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable

from pydantic import SecretStr

from shared.api_keys import holder_named

COOKIE = "awards_judge"
SIGN_IN_COOKIE = "awards_judge_sign_in"
PATH = "/judge"


class JudgeSessions:
    def __init__(self, judge_keys: dict[str, SecretStr], vote_secret: SecretStr, lifetime_s: float,
                 clock: Callable[[], float] = time.time) -> None:
        self.judge_keys, self.lifetime_s, self.clock = judge_keys, lifetime_s, clock
        self._key = hmac.new(vote_secret.get_secret_value().encode(), b"judges' portal sessions", "sha256").digest()

    def judge_of_key(self, presented: str) -> str | None:
        return holder_named(presented, self.judge_keys) if presented else None

    def open(self, judge_id: str) -> str:
        """A new session's cookie value."""
        expires = int(self.clock() + self.lifetime_s)
        name = base64.urlsafe_b64encode(judge_id.encode()).decode()
        return f"{name}.{expires}.{self._mac(judge_id, expires)}"

    def judge_of(self, cookie: str | None) -> str | None:
        """The judge whose session this is, or None (absent, forged, expired, or the judge's key changed)."""
        try:
            name, expires, mac = (cookie or "").split(".")
            judge_id, until = base64.urlsafe_b64decode(name.encode()).decode(), int(expires)
        except ValueError:
            return None
        if judge_id not in self.judge_keys or until < self.clock():
            return None
        return judge_id if hmac.compare_digest(mac.encode(), self._mac(judge_id, until).encode()) else None

    def form_token(self, cookie: str) -> str:
        return hmac.new(self._key, b"form|" + cookie.encode(), "sha256").hexdigest()

    def form_token_ok(self, cookie: str | None, token: str) -> bool:
        return cookie is not None and hmac.compare_digest(self.form_token(cookie).encode(), token.encode())

    @staticmethod
    def sign_in_token() -> str:
        return secrets.token_urlsafe(24)

    def _mac(self, judge_id: str, expires: int) -> str:
        configured = hashlib.sha256(self.judge_keys[judge_id].get_secret_value().encode()).hexdigest()
        message = f"{judge_id}|{expires}|{configured}".encode()
        return hmac.new(self._key, message, "sha256").hexdigest()
