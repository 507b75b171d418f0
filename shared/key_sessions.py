"""Sessions for the holders of keys on the services' pages (judges in the portal, staff and operators in
the console): a signed cookie, and the form tokens that go with it.

The cookie holds the holder's name and an expiry, signed (HMAC-SHA256) with the service's signing key
and a digest of the holder's configured key: any instance of the service checks it without a session
store, it cannot be forged without both, and changing a holder's key ends that holder's sessions.
Signing out deletes the cookie in the browser; a copy taken before stays valid until it expires or the
key changes. The pages set it HttpOnly and SameSite=Strict, and Secure when reached over HTTPS.

Every form carries a token bound to the session (``form_token``), so a page of another site cannot post
a form as the holder. A sign-in form, before any session, carries a random token that must equal a
cookie set with the form (double submit). Every comparison is of bytes, in constant time.
"""

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable

from pydantic import SecretStr

from shared.api_keys import holder_named


def signing_key(secret: SecretStr, purpose: str) -> bytes:
    """A key for one kind of session, derived from a service secret."""
    return hmac.new(secret.get_secret_value().encode(), purpose.encode(), "sha256").digest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


class KeySessions:
    def __init__(self, holders: dict[str, SecretStr], key: bytes, lifetime_s: float,
                 clock: Callable[[], float] = time.time) -> None:
        self.holders, self.lifetime_s, self.clock, self._key = holders, lifetime_s, clock, key

    def holder_of_key(self, presented: str) -> str | None:
        return holder_named(presented, self.holders) if presented else None

    def open(self, holder: str) -> str:
        """A new session's cookie value."""
        expires = int(self.clock() + self.lifetime_s)
        name = base64.urlsafe_b64encode(holder.encode()).decode()
        return f"{name}.{expires}.{self._mac(holder, expires)}"

    def holder_of(self, cookie: str | None) -> str | None:
        """Whose session this is, or None (absent, forged, expired, or the holder's key changed)."""
        try:
            name, expires, mac = (cookie or "").split(".")
            holder, until = base64.urlsafe_b64decode(name.encode()).decode(), int(expires)
        except ValueError:
            return None
        if holder not in self.holders or until < self.clock():
            return None
        return holder if same(mac, self._mac(holder, until)) else None

    def form_token(self, cookie: str) -> str:
        return hmac.new(self._key, b"form|" + cookie.encode(), "sha256").hexdigest()

    def form_token_ok(self, cookie: str | None, token: str) -> bool:
        return cookie is not None and same(self.form_token(cookie), token)

    @staticmethod
    def sign_in_token() -> str:
        return secrets.token_urlsafe(24)

    def _mac(self, holder: str, expires: int) -> str:
        configured = hashlib.sha256(self.holders[holder].get_secret_value().encode()).hexdigest()
        return hmac.new(self._key, f"{holder}|{expires}|{configured}".encode(), "sha256").hexdigest()
