"""`learnact-engine report RUN...`: one markdown table for several runs, side by side, and a
learning-curve PNG next to it."""

from __future__ import annotations

import argparse

from learnact_engine.cli import UsageError


def register(subparsers) -> None:
    parser = subparsers.add_parser("report", help="success rates with 95% intervals, tokens per success, learning curve")
    parser.add_argument("runs", nargs="+", metavar="RUN_DIR")
    parser.add_argument("--out", default=None, help="markdown file (default: report.md in the first run)")
    parser.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    from learnact_engine.report import write_report
    from learnact_engine.run_dir import RunDirError

    try:
        path = write_report(args.runs, args.out)
    except RunDirError as exc:
        raise UsageError(str(exc)) from None
    print(path.read_text(encoding="utf-8"), end="")
    print(f"Report: {path}")
    return 0
