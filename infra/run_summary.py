"""The summary ``make run`` prints once the demo is loaded: where each thing is and the demo's keys."""

from collections import Counter

from infra.mailbox import Mailbox
from infra.stack import LocalStack
from tools.system import DEFAULT_PORTS


def summary(stack: LocalStack, mailbox: Mailbox, tally: Counter[str], operator_key: str,
            intake_key: str | None, judge: str, judge_key: str) -> str:
    url = {name: f"http://127.0.0.1:{port}" for name, port in DEFAULT_PORTS.items()}
    intake = f"X-API-Key: {intake_key}" if intake_key else "X-API-Key: one of AWARDS_INTAKE_API_KEYS"
    lines = [
        "",
        "Social Government Awards is running.",
        f"  demo data        edition 2024-first with its jury panels, scores, engagement and votes; "
        f"{tally['accepted']} nominations accepted, {tally['rejected']} rejected",
        "",
        f"  live leaderboard {url['results']}/            (English: ?lang=en)",
        f"  nominations      {url['results']}/nominations",
        f"  winners to print {url['results']}/editions/2024-first/winners/print",
        f"  judges' portal   {url['scoring']}/judge       sign in with the key {judge_key} ({judge})",
        f"  public voting    {url['scoring']}/vote/2024-first/digital-content  (a code is emailed to the voter)",
        f"  staff console    {url['notification']}/console     dead letters; sign in with {operator_key}",
        f"  staff mailbox    {mailbox.url}/",
        "",
        f"  results API      {url['results']}/docs",
        f"  intake API       {url['nomination']}/docs      POST /nominations with {intake}",
        f"  scoring API      {url['scoring']}/docs      POST /scores with X-Judge-Key: {judge_key} ({judge})",
        f"  notification API {url['notification']}/docs",
        f"  operator key     X-Operator-Key: {operator_key}  (finalise, subscriptions, judges, rebuild)",
        f"  Kafka            {stack.bootstrap_servers}      MongoDB protocol {stack.mongodb_uri}",
        "  logs             .cache/logs/<service>.log (JSON); below: warnings, errors and each decision",
        "",
        "Ctrl-C stops everything.",
        "",
    ]
    return "\n".join(lines)
