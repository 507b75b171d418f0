"""Rebuild the results read models by replay (blue/green) and report progress until reads switched.

    python -m infra.rebuild_results --key $OPERATOR_KEY [--url http://127.0.0.1:8004] [--timeout 3600]

Asks the running results service to replay every topic it consumes into a new generation of its
database under a new consumer group; prints the progress; exits 0 once the new generation is live,
1 if the rebuild failed or did not finish in time."""

import argparse
import sys
import time

import httpx


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8004")
    parser.add_argument("--key", required=True, help="an operator key (X-Operator-Key)")
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()
    with httpx.Client(base_url=args.url, headers={"X-Operator-Key": args.key}, timeout=30) as http:
        started = http.post("/rebuild")
        if started.status_code != 202:
            print(f"refused: {started.status_code} {started.text}", file=sys.stderr)
            return 1
        state = started.json()
        print(f"rebuilding generation {state['generation']} from {state['events']} events", flush=True)
        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            state = http.get("/rebuild").json()
            print(f"  {state['state']}: {state['replayed']}/{state['events']} events ({state['percent']}%)",
                  flush=True)
            if state["state"] == "switched":
                print(f"generation {state['generation']} is live since {state['switched_at']}")
                return 0
            if state["state"] == "failed":
                print(f"failed: {state.get('error')}", file=sys.stderr)
                return 1
            time.sleep(2)
    print("timed out; the rebuild goes on in the service (GET /rebuild)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
