"""The scoring service's settings: the common ones (``shared.settings.CommonSettings``) and its own."""

from pydantic import Field, SecretStr

from shared.settings import CommonSettings

DEFAULT_VOTE_SECRET = "change-me"


class ScoringSettings(CommonSettings):
    http_port: int = Field(8002, description="HTTP port of the scoring service.")
    judge_api_keys: dict[str, SecretStr] = Field(
        default_factory=dict,
        description="Judges' keys, JSON object of judge id → secret (sent as X-Judge-Key); the key binds "
        "the judge id of every score sent with it.",
    )
    vote_secret: SecretStr = Field(
        SecretStr(DEFAULT_VOTE_SECRET), description="HMAC key that turns a voter's verified contact into the "
        "stored voter id; contacts are never stored in clear. Scoring refuses to start with the default.",
    )
    judge_session_s: float = Field(
        8 * 3600.0, gt=0, description="How long a judge stays signed in to the judges' portal (/judge) after "
        "signing in with the judge's key; the session cookie is signed with a key derived from the vote "
        "secret, and a judge's changed key ends the judge's sessions.")
    votes_per_minute: int = Field(30, description="Public votes accepted per minute from one client address.")
    rate_limit_clients: int = Field(
        100_000, ge=1, description="Client addresses the vote endpoint's rate limit remembers at most; beyond "
        "them the least recently seen is forgotten (and may vote again at once).")
    parked_scores_max: int = Field(
        10_000, ge=1, description="Jury scores kept waiting for their nomination or judge at most; a score "
        "that finds the parking full is refused (judging.rejected NOT_KNOWN_YET), logged and counted.")
    standings_interval_s: float = Field(
        0.1, description="Shortest time between two rounds in which scoring recomputes the standings of "
        "categories with new evidence (a round that took longer is followed by as long a pause; after an "
        "idle spell the first evidence starts a round at once)."
    )
    standings_published_per_s: float = Field(
        1000.0, gt=0, description="Standings per second scoring publishes at most, on average: a round that "
        "published n standings is followed by a pause of at least n / this. A vote moves every standing of "
        "its category (shares, the category's count), so unbounded vote traffic could flood the readers. "
        "The backlog a burst of votes leaves is what the chaos matrix's kill -9 of scoring shows "
        "(python -m chaos --only 'kill -9 scoring'). A lower bound delays the standings after a burst.")

    def refuse_default_vote_secret(self) -> None:
        """Raises when the vote secret is the documented default: anyone could then recompute voter ids
        from phone numbers. Asked by the service at start, not on validation, so tools that only read
        the settings (the launcher, the generated documents) build them without a secret."""
        if self.vote_secret.get_secret_value() == DEFAULT_VOTE_SECRET:
            raise RuntimeError("set AWARDS_VOTE_SECRET: with the documented default, anyone can recompute "
                               "voter ids from phone numbers")
