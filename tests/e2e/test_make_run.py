"""`make run` as a newcomer uses it: the console ends with the summary, every URL it prints answers, and
Ctrl-C stops everything even when the pipe stdout went into is gone (`make run | tee run.log`)."""

import os
import re
import select
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from infra import processes
from tests.e2e.processes import free_port, free_port_pair

ROOT = Path(__file__).resolve().parents[2]


def read_until(process: subprocess.Popen[bytes], marker: str, timeout_s: float) -> str:
    assert process.stdout is not None
    seen, deadline = b"", time.monotonic() + timeout_s
    while marker.encode() not in seen:
        assert time.monotonic() < deadline, f"no {marker!r} within {timeout_s:.0f} s:\n{seen.decode()[-3000:]}"
        if select.select([process.stdout], [], [], 1)[0]:
            chunk = os.read(process.stdout.fileno(), 65536)
            assert chunk, f"make run ended:\n{seen.decode()[-3000:]}"
            seen += chunk
    return seen.decode()


def test_make_run_prints_what_matters_and_ctrl_c_stops_all_after_its_reader_died(tmp_path: Path) -> None:
    stack_dir = tmp_path / "stack"
    env = {**os.environ, "LOCAL_KAFKA_PORT": str(free_port_pair()), "LOCAL_MONGO_PORT": str(free_port()),
           "LOCAL_STACK_DIR": str(stack_dir), "AWARDS_SMTP_PORT": str(free_port()),
           "LOCAL_MAILPIT_PORT": str(free_port())}
    run = subprocess.Popen([sys.executable, "-m", "infra.run"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        console = read_until(run, "Ctrl-C stops everything.", timeout_s=240)
        assert '"message": "Received"' not in console and '"Processed"' not in console  # logs go to files
        summary = console[console.index("Social Government Awards is running."):]
        assert re.search(r"\d+ nominations accepted, \d+ rejected", summary)
        urls = re.findall(r"http://127\.0\.0\.1:\d+/\S*", summary)
        assert f"http://127.0.0.1:{env['LOCAL_MAILPIT_PORT']}/" in urls and "http://127.0.0.1:8004/" in urls
        for url in urls:
            with urllib.request.urlopen(url, timeout=10) as answer:
                assert answer.status == 200, url

        run.stdout.close()  # type: ignore[union-attr]  # the reader of the pipe is gone, as tee at Ctrl-C
        run.send_signal(signal.SIGINT)
        assert run.wait(90) == 0
    finally:
        if run.poll() is None:
            run.kill()
    assert {name: processes.running_pid(name, stack_dir.resolve()) for name in ("kafka", "ferretdb", "mailpit")} \
        == {"kafka": None, "ferretdb": None, "mailpit": None}
    assert not [port for port in (8001, 8002, 8003, 8004) if processes.port_in_use("127.0.0.1", port)]
