"""Key holders' sessions (``shared/key_sessions.py``) for a console's two roles: each holder's cookie names
that holder only, a staff key opens a staff session, and the signing key is the service's."""

from pydantic import SecretStr

from shared.key_sessions import KeySessions, signing_key

HOLDERS = {"operator:ops": SecretStr("op-key"), "staff:office": SecretStr("staff-key")}


def test_each_key_opens_a_session_of_its_holder_and_role() -> None:
    sessions = KeySessions(HOLDERS, signing_key(SecretStr("console-secret"), "console"), 60, clock=lambda: 0)
    assert sessions.holder_of_key("staff-key") == "staff:office"
    assert sessions.holder_of(sessions.open("staff:office")) == "staff:office"
    assert sessions.holder_of(sessions.open("operator:ops")) == "operator:ops"
    name, expires, mac = sessions.open("staff:office").split(".")
    operator = sessions.open("operator:ops").split(".")[0]
    assert sessions.holder_of(f"{operator}.{expires}.{mac}") is None, "a staff cookie cannot be made an operator's"


def test_another_services_signing_key_opens_nothing() -> None:
    ours = KeySessions(HOLDERS, signing_key(SecretStr("console-secret"), "console"), 60, clock=lambda: 0)
    theirs = KeySessions(HOLDERS, signing_key(SecretStr("console-secret"), "portal"), 60, clock=lambda: 0)
    assert theirs.holder_of(ours.open("operator:ops")) is None
