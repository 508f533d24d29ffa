"""The `learnact-engine` command line: one subcommand per module in `learnact_engine.commands`.

Each command module exposes `register(subparsers)`, which adds its parser and sets `handler`
(a function taking the parsed namespace and returning the exit code). Exit codes: 0 success,
1 the command ran but its result is a failure (or an unexpected error), 2 usage errors.

No traceback reaches a user: usage errors are one line (argparse's own, or `UsageError`), and any
other exception is reported on one line naming its type; `LEARNACT_DEBUG=1` shows the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
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
    "doctor",
    "chat",
    "prompts",
]
DEBUG_ENV_VAR = "LEARNACT_DEBUG"
_PERCENT = re.compile(r"%%|%\(|%")


class UsageError(Exception):
    """A bad flag, a missing file: reported on one line with exit code 2."""


class OneLineErrorParser(argparse.ArgumentParser):
    """argparse, but usage errors are one line on stderr (the usage text is in --help)."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _escape(text):
    """A help string with bare '%' doubled, so argparse's %-formatting cannot fail on it."""
    if not isinstance(text, str):
        return text
    return _PERCENT.sub(lambda m: "%%" if m.group() == "%" else m.group(), text)


def _sanitise_help(parser: argparse.ArgumentParser) -> None:
    """Escape stray '%' in every help text of a parser tree (commands are written by many hands)."""
    parser.description = _escape(parser.description)
    parser.epilog = _escape(parser.epilog)
    for action in parser._actions:
        action.help = _escape(action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = _escape(choice.help)
            for sub in set(action.choices.values()):
                _sanitise_help(sub)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="learnact-engine",
        description="LLM agents that learn their own actions as Python functions, in a sandbox. "
                    "Start with `learnact-engine doctor`, then `learnact-engine envs` and "
                    "`learnact-engine learn --domain alfworld`.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in dict.fromkeys(COMMAND_MODULES):  # each once, even if listed twice
        try:
            module = importlib.import_module(f"learnact_engine.commands.{name}_cmd")
        except ModuleNotFoundError as exc:
            if exc.name == f"learnact_engine.commands.{name}_cmd":
                continue  # command not built in this checkout
            raise
        module.register(subparsers)
    _sanitise_help(parser)
    return parser


def _debug() -> bool:
    return os.environ.get(DEBUG_ENV_VAR, "").strip().lower() not in ("", "0", "false", "no")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or repr(exc)
    return text if len(text) <= 400 else text[:397] + "..."


def main(argv: list[str] | None = None) -> int:
    command = "learnact-engine"
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "handler", None):
            parser.print_help(sys.stdout)
            return 0 if not (argv if argv is not None else sys.argv[1:]) else 2
        command = f"learnact-engine {args.command}"
        return int(args.handler(args) or 0)
    except UsageError as exc:
        print(f"{command}: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except SystemExit:
        raise
    except BrokenPipeError:
        return 1
    except Exception as exc:  # the last line of defence: one line, the traceback only on request
        if _debug():
            raise
        print(f"{command}: error: {type(exc).__name__}: {_one_line(exc)} "
              f"(set {DEBUG_ENV_VAR}=1 for the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
