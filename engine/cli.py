"""The `learnact-engine` command line: one subcommand per module in `learnact_engine.commands`.

Each command module exposes `register(subparsers)`, which adds its parser and sets `handler`
(a function taking the parsed namespace and returning the exit code). Exit codes: 0 success,
1 the command ran but its result is a failure, 2 usage errors (argparse's own convention).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from learnact_engine import __version__

# Order is the order shown in --help.
COMMAND_MODULES = [
    "learn",
    "eval",
    "report",
    "exec",
    "diff",
    "history",
    "replay",
    "envs",
    "chat",
]


class UsageError(Exception):
    """A bad flag, a missing file: reported on one line with exit code 2."""


class OneLineErrorParser(argparse.ArgumentParser):
    """argparse, but usage errors are one line on stderr (the usage text is in --help)."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="learnact-engine",
        description="LLM agents that learn their own actions as Python functions, in a sandbox.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"learnact_engine.commands.{name}_cmd")
        except ModuleNotFoundError as exc:
            if exc.name == f"learnact_engine.commands.{name}_cmd":
                continue  # command not built in this checkout
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.handler(args) or 0)
    except UsageError as exc:
        print(f"learnact-engine {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
