"""`learnact-engine eval`: test a method on a domain's test tasks, with the artifact of a learn
run (`--from-run DIR`) or, for methods that learn nothing (act, react, code_as_policy), as they are."""

from __future__ import annotations

import argparse
from pathlib import Path

from learnact_engine.cli import UsageError
from learnact_engine.commands.learn_cmd import add_run_arguments, build_options, execute_with_progress


def register(subparsers) -> None:
    parser = subparsers.add_parser("eval", help="test a method (optionally with what a learn run produced)")
    add_run_arguments(parser, default_method=None)
    parser.add_argument("--from-run", default=None, help="a learn run directory whose artifact is tested")
    parser.set_defaults(handler=run_eval)


def run_eval(args: argparse.Namespace) -> int:
    from learnact_engine.learners.methods import get_method

    from_run = Path(args.from_run) if args.from_run else None
    method = get_method(args.method)
    if from_run is not None and not (from_run / "artifact.json").is_file():
        raise UsageError(f"{from_run} holds no artifact.json: is it a finished learn run?")
    if from_run is None and method.learns:
        print(f"note: {method.name} without --from-run learns first (as `learn` does)")
    return execute_with_progress(build_options(args, learn=from_run is None, from_run=from_run), quiet=args.quiet)
