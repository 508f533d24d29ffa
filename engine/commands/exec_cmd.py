"""`learnact-engine exec LIBRARY.py --call 'f("a", 1)'`: run one call of an action library in the sandbox."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from learnact_engine.cli import UsageError
from learnact_engine.feedback import sanitize

def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "exec",
        help="run one call of an action library in the sandbox",
        description="Run a single call expression with literal arguments against an action library, "
        "in the sandbox. Without --domain the library gets no primitives.",
    )
    parser.add_argument("library", help="Python file with the action library")
    parser.add_argument("--call", required=True, help="one call with literal arguments, e.g. 'f(\"a\", 1)'")
    parser.add_argument("--sandbox", default="restricted", choices=["restricted", "docker"])
    parser.add_argument("--timeout", type=float, default=None, metavar="S", help="wall seconds for the call (default 10)")
    parser.add_argument("--memory-mb", type=int, default=None, metavar="M", help="memory limit in MB (default 256)")
    parser.add_argument("--domain", default=None, help="give the library this domain's primitives")
    parser.add_argument("--task", default=None, help="task id to reset the domain's environment to")
    parser.add_argument("--data-dir", default=None, help="domain data directory")
    parser.add_argument("--json", action="store_true", help="print exactly one JSON object")
    parser.set_defaults(handler=run)


def _limits(args: argparse.Namespace):
    from learnact_engine.sandbox import Limits

    overrides = {}
    if args.timeout is not None:
        if args.timeout <= 0:
            raise UsageError("--timeout must be positive")
        overrides["wall_seconds"] = args.timeout
        overrides["cpu_seconds"] = max(1, int(args.timeout + 0.999))
    if args.memory_mb is not None:
        if args.memory_mb <= 0:
            raise UsageError("--memory-mb must be positive")
        overrides["memory_mb"] = args.memory_mb
    return Limits(**overrides)


def _environment(args: argparse.Namespace):
    if args.domain is None:
        if args.task is not None:
            raise UsageError("--task needs --domain")
        return None
    from learnact_engine.envs.registry import DOMAINS, make_env

    if args.domain not in DOMAINS:
        raise UsageError(f"unknown domain {args.domain!r}; choose one of: {', '.join(sorted(DOMAINS))}")
    options = {"data_dir": args.data_dir} if args.data_dir else {}
    env = make_env(args.domain, **options)
    task = args.task
    if task is None:
        raise UsageError("--domain needs --task (see `learnact-engine envs --domain D`)")
    try:
        env.reset(task)
    except (KeyError, FileNotFoundError, ValueError) as exc:
        raise UsageError(f"cannot reset {args.domain} to task {task!r}: {exc}") from None
    return env


def run(args: argparse.Namespace) -> int:
    from learnact_engine.sandbox import open_sandbox
    from learnact_engine.primitives import env_primitive_handlers

    path = Path(args.library)
    if not path.is_file():
        raise UsageError(f"library file not found: {path}")
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    limits = _limits(args)
    env = _environment(args)
    handlers = env_primitive_handlers(env) if env is not None else {}
    try:
        with open_sandbox(args.sandbox, limits, pool_size=0) as sandbox:
            with sandbox.session() as session:
                loaded = session.load(source, handlers)
                result = session.call_text(args.call)
    finally:
        if env is not None:
            env.close()
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=False))
    else:
        _print_human(result, loaded)
    if not result.ok:
        reason = result.error.message if result.error else ""
        print(f"learnact-engine exec: {result.status}: {sanitize(reason, 300).splitlines()[0] if reason else ''}", file=sys.stderr)
        return 1
    return 0


def _print_human(result, loaded) -> None:
    print(f"status: {result.status}   ({result.elapsed_s * 1000:.1f} ms)")
    if result.ok:
        print(f"value: {json.dumps(result.value, ensure_ascii=False)}")
    for call in result.primitive_calls:
        print(f"  {call.command or call.name} -> {sanitize(call.observation, 200)!s}")
    if result.stdout:
        print("stdout:")
        print(result.stdout.rstrip("\n"))
    if result.error:
        print(result.error.traceback or f"{result.error.type}: {result.error.message}")
