"""What a bench run leaves behind: the JSON result with the versions it ran on, and the chart."""

import importlib.metadata
import json
import os
import platform
import re
import subprocess
from pathlib import Path
from typing import Any

from infra.stack import ROOT, kafka_version

PACKAGES = ("aiokafka", "faststream", "pymongo", "pydantic", "fastapi", "uvicorn", "orjson")


def ferretdb_version() -> str:
    """The FerretDB module our server is built from (infra/ferretdb/go.mod)."""
    go_mod = (ROOT / "infra" / "ferretdb" / "go.mod").read_text()
    found = re.search(r"github\.com/FerretDB/FerretDB\s+(v\S+)", go_mod)
    return found.group(1) if found else "unknown"


def java_version() -> str:
    try:
        shown = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=20).stderr
        return shown.splitlines()[0] if shown else "unknown"
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def environment() -> dict[str, Any]:
    return {
        "versions": {"kafka": kafka_version(), "ferretdb": ferretdb_version(), "java": java_version(),
                     "python": platform.python_version(),
                     **{name: importlib.metadata.version(name) for name in PACKAGES}},
        "machine": {"cores": os.cpu_count(), "usable_cores": len(os.sched_getaffinity(0)), "cpu": cpu_model(),
                    "platform": platform.platform()},
    }


def write(result: dict[str, Any], out_dir: Path, chart: str) -> dict[str, Path]:
    """``bench-<time>.json`` and ``.svg``, and ``latest.json``/``latest.svg`` beside them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = result["started_at"].replace(":", "").replace("-", "")
    text = json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n"
    written = {}
    for name in (f"bench-{stamp}", "latest"):
        (out_dir / f"{name}.json").write_text(text, encoding="utf-8")
        (out_dir / f"{name}.svg").write_text(chart, encoding="utf-8")
        written[name] = out_dir / f"{name}.json"
    return written
