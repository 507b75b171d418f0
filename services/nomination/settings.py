"""The nomination service's settings: the common ones and its own (prefix ``AWARDS_``)."""

from pydantic import Field, SecretStr

from shared.settings import CommonSettings


class NominationSettings(CommonSettings):
    http_port: int = Field(8001, description="HTTP port of the nomination service.")
    intake_api_keys: dict[str, SecretStr] = Field(
        default_factory=dict,
        description="HTTP intake keys, JSON object of key name → secret (sent as X-API-Key). The name "
        "becomes the submission's source, e.g. {\"mohp-portal\": \"…\"}. Any key of any role may be given as "
        "sha256:<hex digest> instead (python -m shared.api_keys KEY).",
    )
