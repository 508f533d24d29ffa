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
    parser.add_argument("--llm", default="local", help="the acting agent: local | local:PATH.gguf | openai:MODEL | replay:DIR")
    parser.add_argument("--learner-llm", default=None, metavar="SPEC",
                        help="the learner (creation, descriptions, usage, revisions, reflections); default: --llm")
    parser.add_argument("--max-output-tokens", type=int, default=None, metavar="N",
                        help="output-token cap of every stage on API models (default: generous per-stage caps; "
                             "a local model keeps the caps its grammar needs)")
    parser.add_argument("--demo", default="material", choices=("material", "expert"),
                        help="the agent's example: material (hand-written per game/type, default) or expert "
                             "(a replay of the expert's plan on a training task that is never scored)")
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
    parser.add_argument("--workers", type=int, default=1, help="episodes run in parallel (threads, or Ray workers)")
    parser.add_argument("--executor", default="local", choices=("local", "ray"),
                        help="local: threads in this process (default); ray: episode workers on a Ray cluster")
    parser.add_argument("--ray-address", default=None,
                        help="with --executor ray: auto (default; the running cluster), local (start one here) or HOST:PORT")
    parser.add_argument("--data-dir", default=None, help="the domain's data folder (default: its bundled/offline set)")
    parser.add_argument("--no-grammar", action="store_true", help="do not constrain decoding with grammars")
    parser.add_argument("--context-window", type=int, default=None, metavar="TOKENS",
                        help="the model's context window (default: discovered from the model or server, a table "
                             "of known models, else 4096); prompts are trimmed to fit it")
    parser.add_argument("--max-cost", type=float, default=None, metavar="USD",
                        help="stop the run before it spends more than this (priced models); resumable")
    parser.add_argument("--max-tokens", type=int, default=None, metavar="N",
                        help="stop the run before its LLM calls use more than N tokens; resumable")
    parser.add_argument("--run-dir", default=None, help="default: runs/<method>-<domain>-<time>")
    parser.add_argument("--resume", action="store_true", help="continue a killed run in --run-dir")
    parser.add_argument("--quiet", action="store_true", help="no progress display")


def register(subparsers) -> None:
    parser = subparsers.add_parser("learn", help="learn actions (or reflections) on training tasks, then test")
    add_run_arguments(parser)
    parser.add_argument("--estimate", action="store_true",
                        help="print the expected LLM calls and tokens of this run (no LLM call) and exit")
    parser.set_defaults(handler=run_learn)


def build_options(args: argparse.Namespace, learn: bool = True, from_run: Path | None = None):
    from learnact_engine.envs.registry import make_env
    from learnact_engine.learners.context import Settings
    from learnact_engine.learners.run import RunOptions

    if args.resume and not args.run_dir:
        raise UsageError("--resume needs --run-dir (the run to continue)")
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    _check_limits(args)
    if getattr(args, "max_output_tokens", None) is not None and args.max_output_tokens < 1:
        raise UsageError("--max-output-tokens must be at least 1")
    if getattr(args, "learner_llm", None) is not None:
        from learnact_engine.llm import LLMConfigError, parse_spec

        try:
            parse_spec(args.learner_llm)
        except LLMConfigError as exc:
            raise UsageError(f"--learner-llm: {exc}") from None
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
                                       max_output_tokens=getattr(args, "max_output_tokens", None),
                                       demo=getattr(args, "demo", "material"), **overrides)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    run_dir = Path(args.run_dir) if args.run_dir else Path("runs") / (
        f"{args.method}-{args.domain}-{_dt.datetime.now().strftime('%Y%m%d-%H%M%S')}")
    return RunOptions(settings, llm=args.llm, learner_llm=getattr(args, "learner_llm", None), sandbox=args.sandbox,
                      run_dir=run_dir, resume=args.resume,
                      env_options=env_options, from_run=from_run, learn=learn, executor=_executor_options(args),
                      **_limit_options(args))


def _check_limits(args: argparse.Namespace) -> None:
    from learnact_engine.llm.context_window import MIN_WINDOW

    if args.context_window is not None and args.context_window < MIN_WINDOW:
        raise UsageError(f"--context-window must be at least {MIN_WINDOW} tokens")
    if args.max_cost is not None and not args.max_cost > 0:
        raise UsageError("--max-cost must be a positive number of USD")
    if args.max_tokens is not None and args.max_tokens < 1:
        raise UsageError("--max-tokens must be a positive number of tokens")


def _limit_options(args: argparse.Namespace) -> dict:
    return {"context_window": getattr(args, "context_window", None), "max_cost": getattr(args, "max_cost", None),
            "max_tokens": getattr(args, "max_tokens", None)}


def _executor_options(args: argparse.Namespace):
    from learnact_engine.learners.executors import NO_RAY, ExecutorError, ExecutorOptions, check_address, ray_available

    kind, address = getattr(args, "executor", "local"), getattr(args, "ray_address", None)
    if kind == "ray" and not ray_available():
        raise UsageError(NO_RAY)
    limited = getattr(args, "max_cost", None) is not None or getattr(args, "max_tokens", None) is not None
    if kind == "ray" and limited and not args.llm.startswith("replay:"):
        # the limits are held in this process; calls from Ray workers would pass them unchecked
        raise UsageError("--max-cost/--max-tokens are not enforced across Ray workers yet: use --executor local")
    try:
        options = ExecutorOptions(kind, address or ("auto" if kind == "ray" else None))
        check_address(options.address)
        return options
    except ExecutorError as exc:
        raise UsageError(str(exc)) from None


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
    from learnact_engine.learners.executors import ExecutorError
    from learnact_engine.learners.protocol import TaskPlanError
    from learnact_engine.learners.run import execute_run
    from learnact_engine.llm import LLMBudgetError, LLMConfigError, LLMError
    from learnact_engine.report import write_report
    from learnact_engine.run_dir import RunDirError

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True, quiet=quiet, log_path=False)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=False, disable=quiet) as progress:
        learn_bar = progress.add_task("learning", total=None)
        test_bar = progress.add_task("testing", total=None)

        def on_episode(record: dict) -> None:
            bar = test_bar if record["phase"] == "test" else learn_bar
            progress.advance(bar)

        def on_status(text: str) -> None:
            progress.update(learn_bar, description=f"learning {text}"[:90])
            console.log(text, markup=False)

        options.on_episode, options.on_status = on_episode, on_status
        try:
            summary = execute_run(options)
        except (RunDirError, TaskPlanError, LLMConfigError, FileNotFoundError, ExecutorError) as exc:
            raise UsageError(str(exc)) from None
        except LLMBudgetError as exc:
            print(f"learnact-engine: stopped: {exc}. Finished episodes are kept in {options.run_dir}; continue "
                  "with the same command plus --resume and a higher --max-cost / --max-tokens", file=sys.stderr)
            return 1
        except LLMError as exc:
            print(f"learnact-engine: the LLM failed: {exc}", file=sys.stderr)
            return 1
    report = write_report([options.run_dir])
    print(f"{summary['method']} on {summary['domain']}: {summary['successes']}/{summary['episodes']} test "
          f"episodes succeeded ({summary['success_rate']:.0%})")
    print(f"Run directory: {options.run_dir}")
    print(f"Report: {report}")
    print(f"HTML report: {report.with_suffix('.html')}")  # write_report writes it beside report.md
    return 0


def run_learn(args: argparse.Namespace) -> int:
    if args.estimate:
        from learnact_engine.learners.estimate import print_estimate

        _check_limits(args)
        return print_estimate(args)
    options = build_options(args, learn=True)
    return execute_with_progress(options, quiet=args.quiet)
