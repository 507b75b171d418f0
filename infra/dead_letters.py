"""Operators' tool for dead letters: list them, show one, replay chosen ones to their source topic.

    python -m infra.dead_letters list [--topic nominations.submitted]
    python -m infra.dead_letters show nominations.submitted 0:41
    python -m infra.dead_letters replay nominations.submitted 0:41 0:42 | --all

Reading and replaying are ``shared/dead_letter_topics.py``'s, as for the staff console's page: a replayed
event is processed like a new one. Topics are named without the deployment's prefix; settings come from
AWARDS_* as for the services."""

import argparse
import asyncio
import json
import sys

from shared import topics
from shared.dead_letter_topics import read, replay
from shared.settings import CommonSettings


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="List, show and replay dead letters.")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list")
    listing.add_argument("--topic", choices=[t.name for t in topics.ALL])
    show = commands.add_parser("show")
    show.add_argument("topic", choices=[t.name for t in topics.ALL])
    show.add_argument("position", help="partition:offset in the dead-letter topic")
    again = commands.add_parser("replay")
    again.add_argument("topic", choices=[t.name for t in topics.ALL])
    again.add_argument("positions", nargs="*", help="partition:offset in the dead-letter topic")
    again.add_argument("--all", action="store_true", help="every dead letter of the topic")
    args = parser.parse_args(argv)
    settings = CommonSettings()
    if args.command == "list":
        for topic in [args.topic] if args.topic else [t.name for t in topics.ALL]:
            for letter in asyncio.run(read(settings, topic)):
                print(json.dumps(letter.summary(), ensure_ascii=False))
        return 0
    letters = {letter.position: letter for letter in asyncio.run(read(settings, args.topic))}
    wanted = list(letters) if getattr(args, "all", False) else ([args.position] if args.command == "show"
                                                                else args.positions)
    if missing := [p for p in wanted if p not in letters]:
        print(f"no dead letter at {', '.join(missing)} of {args.topic}{topics.DEAD_LETTER_SUFFIX}", file=sys.stderr)
        return 2
    if args.command == "show":
        letter = letters[args.position]
        print(json.dumps({**letter.summary(), "key": (letter.key or b"").decode("utf-8", "replace"),
                          "headers": letter.headers, "value": letter.value.decode("utf-8", "replace")},
                         ensure_ascii=False, indent=2))
        return 0
    if not wanted:
        print("name positions to replay, or --all", file=sys.stderr)
        return 2
    count = asyncio.run(replay(settings, [letters[p] for p in wanted]))
    print(f"replayed {count} dead letter(s) to {settings.topic(args.topic)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
