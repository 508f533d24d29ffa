"""`learnact-engine report RUN...`: the runs side by side as a markdown table with a learning-curve
PNG, and as one self-contained HTML file (paper-style comparison, cost per success, learning curves,
each learned library round by round)."""

from __future__ import annotations

import argparse

from learnact_engine.cli import UsageError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report", help="success rates with 95% intervals, tokens per success, learning curves, library history",
        description="Compare runs: a markdown table (--out) and a self-contained HTML report (--html) with "
                    "methods side by side and every learned action's history.")
    parser.add_argument("runs", nargs="+", metavar="RUN_DIR")
    parser.add_argument("--out", default=None, help="markdown file (default: report.md in the first run)")
    parser.add_argument("--html", default=None, metavar="OUT.html",
                        help="HTML file (default: report.html beside the markdown file)")
    parser.add_argument("--quiet", action="store_true", help="print only the paths written")
    parser.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    from learnact_engine.report import html_path_for, write_report
    from learnact_engine.run_dir import RunDirError

    if args.html is not None and not args.html.endswith((".html", ".htm")):
        raise UsageError(f"--html needs a file name ending in .html, got {args.html!r}")
    try:
        path = write_report(args.runs, args.out, html=args.html or True)
    except RunDirError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write the report: {exc}") from None
    if not args.quiet:
        print(path.read_text(encoding="utf-8"), end="")
    print(f"Report: {path}")
    print(f"HTML report: {args.html or html_path_for(path)}")
    return 0
