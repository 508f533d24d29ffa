"""`learnact-engine doctor`: check the installation, one line per part, each with its fix.

Exit 0 when every needed part is there (optional parts may warn), 1 otherwise.
"""

from __future__ import annotations

import argparse
import json

SKIPPABLE = ("docker", "endpoint", "restricted sandbox", "embedded model")
MARKS = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL"}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "doctor", help="check Python, packages, model, sandboxes, Docker, data folders, endpoint, disk",
        description="Check every part of the installation and print, for each problem, how to fix it. "
                    "Exit 0 when all needed parts are present.")
    parser.add_argument("--json", action="store_true", help="print the checks as JSON")
    parser.add_argument("--model", default=None,
                        help="model for the one tiny call to $OPENAI_BASE_URL (default: the first the server lists)")
    parser.add_argument("--skip", action="append", default=[], choices=SKIPPABLE, help="leave out a check (repeatable)")
    parser.set_defaults(handler=run_doctor)


def run_doctor(args: argparse.Namespace) -> int:
    from learnact_engine.doctor import healthy, run_checks

    checks = run_checks(model=args.model, skip=tuple(args.skip))
    ok = healthy(checks)
    if args.json:
        print(json.dumps({"healthy": ok, "checks": [c.to_dict() for c in checks]}, indent=2))
        return 0 if ok else 1
    width = max(len(c.name) for c in checks)
    for check in checks:
        print(f"[{MARKS.get(check.status, check.status)}] {check.name:<{width}}  {check.detail}")
        if check.fix and check.status != "ok":
            print(f"       {'':<{width}}  fix: {check.fix}")
    needed_failures = [c.name for c in checks if c.needed and c.status == "fail"]
    if ok:
        print("all needed parts are present" + (" (see the warnings for optional parts)"
                                                 if any(c.status != "ok" for c in checks) else ""))
    else:
        print(f"missing needed parts: {', '.join(needed_failures)}")
    return 0 if ok else 1
