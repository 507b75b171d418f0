"""Scoring's settings (``services/scoring/settings.py``): the start refusal of the documented vote secret,
asked by the service, not by validation (tools build the settings with their defaults)."""

import pytest
from pydantic import SecretStr

from services.scoring.settings import DEFAULT_VOTE_SECRET, ScoringSettings


def test_the_documented_default_vote_secret_is_refused_at_start_not_when_read() -> None:
    defaults = ScoringSettings.documented_defaults()
    assert defaults.vote_secret.get_secret_value() == DEFAULT_VOTE_SECRET
    read = ScoringSettings(vote_secret=SecretStr(DEFAULT_VOTE_SECRET))
    with pytest.raises(RuntimeError, match="set AWARDS_VOTE_SECRET"):
        read.refuse_default_vote_secret()


def test_a_vote_secret_of_its_own_starts() -> None:
    ScoringSettings(vote_secret=SecretStr("a-long-random-string")).refuse_default_vote_secret()
