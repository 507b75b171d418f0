"""make run's console (infra/console.py): what reaches the screen, and that writing never breaks a
shutdown."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from infra.console import Console, Decisions, Unbreakable, brief, decision_line, shown


def log_line(level: str, message: str) -> str:
    return json.dumps({"time": "2026-12-07T00:00:00+00:00", "level": level, "service": "scoring",
                       "logger": "awards.broker", "message": message})


@pytest.mark.parametrize(("line", "on_screen"), [
    (log_line("INFO", "Received"), False),
    (log_line("INFO", "Processed"), False),
    (log_line("INFO", "scoring service started"), True),
    (log_line("WARNING", "retrying an event from awards.votes"), True),
    (log_line("ERROR", "dead-lettering an event"), True),
    (log_line("WARNING", "Heartbeat failed for group awards.scoring because it is rebalancing"), False),
    ("Traceback (most recent call last):", True),
    ("", False),
])
def test_the_console_shows_warnings_errors_starts_and_what_is_not_a_log_line(line: str, on_screen: bool) -> None:
    assert shown(line) is on_screen


def test_a_log_line_is_shown_as_level_and_message() -> None:
    assert brief(log_line("WARNING", "slow round")) == "WARNING slow round"
    assert brief("plain text") == "plain text"


class Gone(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_writing_to_a_reader_that_went_away_never_raises() -> None:
    stream = Unbreakable(Gone())
    stream.write("stopping ...\n")
    stream.flush()
    assert stream.gone
    Console(Gone()).say("stopped kafka")  # no exception either


def test_a_console_follows_a_process_into_its_log_and_shows_what_matters(tmp_path: Path) -> None:
    lines = [log_line("INFO", "Received"), log_line("INFO", "results service started"), log_line("ERROR", "boom")]
    process = subprocess.Popen([sys.executable, "-c", f"print({chr(10).join(lines)!r})"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    screen = io.StringIO()
    log = tmp_path / "logs" / "results.log"
    Console(screen).follow("results", process, log).join(10)
    assert log.read_text().splitlines() == lines
    assert screen.getvalue().splitlines() == ["     results | INFO results service started",
                                              "     results | ERROR boom"]


def test_decisions_are_counted_then_printed_one_line_each() -> None:
    screen = io.StringIO()
    decisions = Decisions(Console(screen))
    accepted = {"type": "org.socialgov.awards.nomination.accepted.v1",
                "data": {"nominee": {"name_ar": "وزارة الصحة والسكان"}, "country": "EG", "category": "digital-content"}}
    rejected: dict[str, Any] = {"type": "org.socialgov.awards.nomination.rejected.v1",
                "data": {"nominee": {"name_ar": "جهة"}, "country": "FR", "category": "digital-content",
                         "reasons": [{"code": "COUNTRY_NOT_PARTICIPATING"}]}}
    decisions.record(accepted)
    assert decisions.wait_for(1, timeout_s=0) and screen.getvalue() == ""  # quiet while the demo loads
    decisions.loud = True
    decisions.record(rejected)
    assert dict(decisions.tally) == {"accepted": 1, "rejected": 1}
    assert screen.getvalue().strip() == decision_line("rejected", rejected["data"]).strip()
    assert "COUNTRY_NOT_PARTICIPATING" in screen.getvalue()


def test_no_terminal_means_no_hangup_to_watch_for() -> None:
    from infra.console import hangup_watch
    read, write = os.pipe()
    saved = os.dup(0)
    os.dup2(read, 0)
    try:
        assert hangup_watch()() is False
    finally:
        os.dup2(saved, 0)
        for fd in (read, write, saved):
            os.close(fd)
