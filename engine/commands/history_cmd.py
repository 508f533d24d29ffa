"""`learnact-engine history`: an action's versions across the rounds of a run, and their causes."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from learnact_engine.cli import UsageError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "history", help="an action's versions across rounds and what caused each change",
        description="Show every round in which ACTION was added, changed, kept or removed, with the "
                    "task, trajectory step and feedback recorded as the cause of each change.")
    parser.add_argument("run_dir", metavar="RUN_DIR")
    parser.add_argument("action", metavar="ACTION")
    parser.add_argument("--json", action="store_true", help="print the versions as JSON")
    parser.add_argument("--diff", action="store_true", help="show each change as a unified diff")
    parser.add_argument("--changes-only", action="store_true", help="leave out rounds where it did not change")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # imported here: libcst is slow to import, and `--help` needs none of it
    from learnact_engine.actions.errors import RoundError
    from learnact_engine.actions.history import action_history
    from learnact_engine.actions.render import render_history
    from learnact_engine.actions.store import list_rounds
    from learnact_engine.commands.diff_cmd import use_color

    run_dir = Path(args.run_dir)
    if not run_dir.is_dir():
        raise UsageError(f"{run_dir}: no such run directory")
    if not list_rounds(run_dir):
        learned = sorted(p.name for p in (run_dir / "learn").glob("*") if p.is_dir() and list_rounds(p))
        if learned:
            raise UsageError(f"{run_dir} keeps one library per task type: use {run_dir / 'learn' / learned[0]} "
                             f"(types: {', '.join(learned)})")
        raise UsageError(f"{run_dir} has no library rounds (expected {run_dir}/library/round-NNN/)")
    try:
        versions = action_history(run_dir, args.action)
    except KeyError as exc:
        print(f"learnact-engine history: {exc.args[0]}", file=sys.stderr)
        return 1
    except RoundError as exc:
        print(f"learnact-engine history: cannot load library: {exc}", file=sys.stderr)
        return 1
    if args.changes_only:
        versions = [v for v in versions if v.status != "unchanged"]
    if args.json:
        payload = {"action": args.action, "versions": [v.to_dict() for v in versions]}
        sys.stdout.write(json.dumps(payload, sort_keys=True, indent=2) + "\n")
    else:
        sys.stdout.write(render_history(args.action, versions, color=use_color(args.color), show_diff=args.diff))
    return 0
