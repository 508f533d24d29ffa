"""`learnact-engine learn`: learn with a method on a domain's training tasks, test, report.

Defaults are the offline demo: LearnAct, the local model, the restricted sandbox and a small task
set (`--scale small`: two task types, one training and one test task each, two samples, one
revision round) so it finishes in minutes on two cores. `--scale full` with `--preset paper` is the
reference's protocol.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

from learnact_engine.cli import UsageError

METHOD_NAMES = ("learnact", "act", "react", "act_reflexion", "react_reflexion", "code_as_policy")
SMALL_SCALE = dict(train_per_type=1, select_per_type=0, test_per_type=1, samples=2, iterations=1,
                   learn_max_steps=5, max_steps=10, repeats=1, code_tokens=256)
SMALL_TYPES = 2


def add_run_arguments(parser: argparse.ArgumentParser, default_method: str | None = "learnact") -> None:
    parser.add_argument("--domain", required=True, choices=("alfworld", "robotic_planning"))
    parser.add_argument("--method", default=default_method, required=default_method is None, choices=METHOD_NAMES)
    parser.add_argument("--llm", default="local", help="local | local:PATH.gguf | openai:MODEL | replay:DIR")
    parser.add_argument("--sandbox", default="restricted", choices=("restricted", "docker"))
    parser.add_argument("--preset", default="clean", choices=("clean", "paper"),
                        help="clean: held-out test tasks and a selection split (default); paper: the reference's protocol")
    parser.add_argument("--scale", default="small", choices=("small", "full"),
                        help="small: a tiny offline task set (default); full: the preset's task counts")
    parser.add_argument("--types", nargs="+", default=None, help="task types to use (default: all, or two with --scale small)")
    for flag, kind in (("--train-per-type", int), ("--select-per-type", int), ("--test-per-type", int),
                       ("--repeats", int), ("--samples", int), ("--iterations", int), ("--max-steps", int),
                       ("--learn-max-steps", int)):
        parser.add_argument(flag, type=kind, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1, help="episodes run in parallel")
    parser.add_argument("--data-dir", default=None, help="the domain's data folder (default: its bundled/offline set)")
    parser.add_argument("--no-grammar", action="store_true", help="do not constrain decoding with grammars")
    parser.add_argument("--run-dir", default=None, help="default: runs/<method>-<domain>-<time>")
    parser.add_argument("--resume", action="store_true", help="continue a killed run in --run-dir")
    parser.add_argument("--quiet", action="store_true", help="no progress display")


def register(subparsers) -> None:
    parser = subparsers.add_parser("learn", help="learn actions (or reflections) on training tasks, then test")
    add_run_arguments(parser)
    parser.set_defaults(handler=run_learn)


def build_options(args: argparse.Namespace, learn: bool = True, from_run: Path | None = None):
    from learnact_engine.envs.registry import make_env
    from learnact_engine.learners.context import Settings
    from learnact_engine.learners.run import RunOptions

    if args.resume and not args.run_dir:
        raise UsageError("--resume needs --run-dir (the run to continue)")
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    overrides = {name: getattr(args, name) for name in (
        "train_per_type", "select_per_type", "test_per_type", "repeats", "samples", "iterations", "max_steps",
        "learn_max_steps")}
    types = tuple(args.types) if args.types else None
    env_options = {"data_dir": args.data_dir} if args.data_dir else {}
    if args.scale == "small":
        overrides = {**SMALL_SCALE, **{k: v for k, v in overrides.items() if v is not None}}
        if types is None:
            types = _first_types(make_env(args.domain, **env_options), SMALL_TYPES)
    try:
        settings = Settings.for_domain(args.domain, preset=args.preset, method=args.method, seed=args.seed,
                                       workers=args.workers, types=types, constrain=not args.no_grammar,
                                       **overrides)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    run_dir = Path(args.run_dir) if args.run_dir else Path("runs") / (
        f"{args.method}-{args.domain}-{_dt.datetime.now().strftime('%Y%m%d-%H%M%S')}")
    return RunOptions(settings, llm=args.llm, sandbox=args.sandbox, run_dir=run_dir, resume=args.resume,
                      env_options=env_options, from_run=from_run, learn=learn)


def _first_types(env, count: int) -> tuple[str, ...]:
    try:
        found: list[str] = []
        from learnact_engine.learners.protocol import split_pools
        from learnact_engine.learners.context import Settings

        for task in split_pools(env, Settings.for_domain(env.domain or "robotic_planning"))[0]:
            task_type = env.task_type(task)
            if task_type and task_type not in found:
                found.append(task_type)
        return tuple(found[:count])
    finally:
        env.close()


def execute_with_progress(options, quiet: bool = False) -> int:
    from learnact_engine.learners.protocol import TaskPlanError
    from learnact_engine.learners.run import execute_run
    from learnact_engine.llm import LLMConfigError, LLMError
    from learnact_engine.report import write_report
    from learnact_engine.run_dir import RunDirError

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True, quiet=quiet)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=False, disable=quiet) as progress:
        learn_bar = progress.add_task("learning", total=None)
        test_bar = progress.add_task("testing", total=None)

        def on_episode(record: dict) -> None:
            bar = test_bar if record["phase"] == "test" else learn_bar
            progress.advance(bar)

        def on_status(text: str) -> None:
            progress.update(learn_bar, description=f"learning {text}"[:90])
            console.log(text)

        options.on_episode, options.on_status = on_episode, on_status
        try:
            summary = execute_run(options)
        except (RunDirError, TaskPlanError, LLMConfigError, FileNotFoundError) as exc:
            raise UsageError(str(exc)) from None
        except LLMError as exc:
            print(f"learnact-engine: the LLM failed: {exc}", file=sys.stderr)
            return 1
    report = write_report([options.run_dir])
    print(f"{summary['method']} on {summary['domain']}: {summary['successes']}/{summary['episodes']} test "
          f"episodes succeeded ({summary['success_rate']:.0%})")
    print(f"Run directory: {options.run_dir}")
    print(f"Report: {report}")
    return 0


def run_learn(args: argparse.Namespace) -> int:
    options = build_options(args, learn=True)
    return execute_with_progress(options, quiet=args.quiet)
