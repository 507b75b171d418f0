"""Judges' sessions in the portal: ``shared.key_sessions`` for the judges' keys, signed with a key derived
from the vote secret (every scoring instance has it), so no other setting is needed."""

import time
from collections.abc import Callable

from pydantic import SecretStr

from shared.key_sessions import KeySessions, signing_key

COOKIE = "awards_judge"
SIGN_IN_COOKIE = "awards_judge_sign_in"
PATH = "/judge"


class JudgeSessions(KeySessions):
    def __init__(self, judge_keys: dict[str, SecretStr], vote_secret: SecretStr, lifetime_s: float,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(judge_keys, signing_key(vote_secret, "judges' portal sessions"), lifetime_s, clock)

    def judge_of_key(self, presented: str) -> str | None:
        return self.holder_of_key(presented)

    def judge_of(self, cookie: str | None) -> str | None:
        return self.holder_of(cookie)
