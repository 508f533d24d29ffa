"""`learnact-engine diff`: what changed between two library rounds (or two actions.py files)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from learnact_engine.actions.bounds import MAX_SOURCE_CHARS
from learnact_engine.actions.diff import diff_libraries
from learnact_engine.actions.errors import LibraryError, RoundError
from learnact_engine.actions.library import ActionLibrary
from learnact_engine.actions.render import render_diff
from learnact_engine.actions.store import list_rounds, load_round, load_round_path
from learnact_engine.cli import UsageError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "diff", help="compare two library rounds of a run, or two library files",
        description="Compare action libraries: per action added/removed/modified/unchanged, the kind of "
                    "change (logic, docstring, formatting, notes), structural facts and risk flags. "
                    "Give RUN_DIR [--from A] [--to B] (default: the last round against the one before), "
                    "or two paths, each an actions.py file or a round folder.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="RUN_DIR, or OLD NEW (.py files or round folders)")
    parser.add_argument("--from", dest="from_round", type=int, metavar="A", help="round to compare from")
    parser.add_argument("--to", dest="to_round", type=int, metavar="B", help="round to compare to")
    parser.add_argument("--json", action="store_true", help="print the stable JSON form")
    parser.add_argument("--all", action="store_true", help="also list unchanged actions (text form)")
    parser.add_argument("--primitives", default="",
                        help="comma-separated primitive names, for .py files (rounds record their own)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.set_defaults(handler=run)


def use_color(choice: str) -> bool:
    if choice == "auto":
        return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    return choice == "always"


def _round_of_run(run_dir: Path, number: int, available: list[int]):
    if number not in available:
        listed = ", ".join(str(n) for n in available) or "none"
        raise UsageError(f"{run_dir} has no round {number} (rounds: {listed})")
    found = load_round(run_dir, number)
    return found.library, {"label": found.path.name, "round": found.number, "hash": found.library.hash}


def _from_path(text: str, primitives: list[str]):
    path = Path(text)
    if path.is_dir():
        if not (path / "manifest.json").is_file():
            raise UsageError(f"{text} is a folder but not a library round (no manifest.json)")
        found = load_round_path(path)
        return found.library, {"label": text, "round": found.number, "hash": found.library.hash}
    if not path.is_file():
        raise UsageError(f"{text}: no such file or folder")
    size = path.stat().st_size
    if size > 4 * MAX_SOURCE_CHARS:  # refused before reading: UTF-8 takes at most 4 bytes a character
        raise UsageError(f"{text} is {size} bytes; an action library is at most {MAX_SOURCE_CHARS} characters")
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{text}: not UTF-8 text") from None
    if len(source) > MAX_SOURCE_CHARS:
        raise UsageError(f"{text} is {len(source)} characters; an action library is at most {MAX_SOURCE_CHARS}")
    library = ActionLibrary.from_source(source, primitives, validate=False)
    return library, {"label": text, "round": None, "hash": library.hash}


def _resolve(args) -> tuple:
    primitives = [p.strip() for p in args.primitives.split(",") if p.strip()]
    if len(args.paths) > 2:
        raise UsageError("give one RUN_DIR or two paths to compare")
    if len(args.paths) == 2:
        if args.from_round is not None or args.to_round is not None:
            raise UsageError("--from/--to select rounds of one RUN_DIR; with two paths leave them out")
        return (*_from_path(args.paths[0], primitives), *_from_path(args.paths[1], primitives))
    run_dir = Path(args.paths[0])
    if not run_dir.is_dir():
        raise UsageError(f"{run_dir}: no such run directory")
    available = list_rounds(run_dir)
    if not available:
        raise UsageError(f"{run_dir} has no library rounds (expected {run_dir}/library/round-NNN/)")
    to_round = available[-1] if args.to_round is None else args.to_round
    new, new_ref = _round_of_run(run_dir, to_round, available)
    if args.from_round is None:
        earlier = [n for n in available if n < to_round]
        if not earlier:
            return ActionLibrary(), {"label": "(empty)", "round": None, "hash": ActionLibrary().hash}, new, new_ref
        from_round = earlier[-1]
    else:
        from_round = args.from_round
    old, old_ref = _round_of_run(run_dir, from_round, available)
    return old, old_ref, new, new_ref


def run(args: argparse.Namespace) -> int:
    try:
        old, old_ref, new, new_ref = _resolve(args)
    except (RoundError, LibraryError) as exc:
        print(f"learnact-engine diff: cannot load library: {exc}", file=sys.stderr)
        return 1
    diff = diff_libraries(old, new, old_ref, new_ref)
    if args.json:
        sys.stdout.write(diff.to_json())
    else:
        sys.stdout.write(render_diff(diff, color=use_color(args.color), show_unchanged=args.all))
    return 0
