"""What a test that needs Docker does when Docker cannot run here: in CI (``CI=true``) it fails with the
reason, elsewhere it is skipped with the reason (``-ra`` prints it in the summary). Never silent."""

import os

import pytest


def require_docker(reason: str | None, what: str) -> None:
    """``reason`` is why Docker cannot serve ``what``, or None when it can."""
    if reason is None:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{what} cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"{what} needs Docker: {reason}")
