"""`learnact-engine replay`: step a domain through a file of commands and report the outcome.

Each non-blank line (lines starting with '#' are comments) is either a primitive call with
literal arguments, such as `pick("ball1", "rooma", "left")`, parsed with `ast`, or a raw command
string sent to the environment as it is. Exit code 0 when the task ends won, 1 otherwise.

Replaying a plan is checking it, so there is no step cap unless `--max-steps` is given. The result
says why the episode ended: `won`, `cap` (the --max-steps cap), `invalid` (a command the domain
rejected; `--keep-going` plays on past those) or `end of actions` (the file ran out first).
"""

from __future__ import annotations

import argparse
import ast
import json
from pathlib import Path
from typing import Any

from learnact_engine.cli import UsageError
from learnact_engine.sandbox.call_expr import CallSyntaxError, parse_call
from learnact_engine.envs.base import TextEnv
from learnact_engine.envs.registry import DOMAINS, make_env


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("replay", help="replay a file of commands in a task")
    parser.add_argument("--domain", required=True, choices=sorted(DOMAINS))
    parser.add_argument("--task", required=True, help="task id, e.g. blockworld/problem4")
    parser.add_argument("--actions", required=True, help="file with one command per line")
    parser.add_argument("--data-dir", help="the domain's data directory (default: its built-in)")
    parser.add_argument("--max-steps", type=int, help="stop after this many steps (default: no cap)")
    parser.add_argument("--preset", default="clean", choices=("clean", "paper"),
                        help="the env's wrapper rules (ALFWorld's look and toggle; see README)")
    parser.add_argument("--keep-going", action="store_true",
                        help="play on past commands the domain rejects (default: stop at the first)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=replay)


def primitive_call(line: str) -> tuple[str, tuple[Any, ...]] | None:
    """(name, args) when the line is a call such as `pick("ball1", "rooma", "left")`, None when it is
    a raw command; a call with non-literal arguments is an error."""
    try:
        tree = ast.parse(line.strip(), mode="eval")
    except SyntaxError:
        return None
    if not isinstance(tree.body, ast.Call) or not isinstance(tree.body.func, ast.Name):
        return None
    try:
        parsed = parse_call(line)
    except CallSyntaxError as exc:
        raise ValueError(str(exc)) from None
    if parsed.kwargs:
        raise ValueError("keyword arguments are not supported in replay lines")
    return parsed.name, parsed.args


def to_command(env: TextEnv, line: str) -> str:
    call = primitive_call(line)
    if call is None:
        return line.strip()
    name, args = call
    by_name = {p.name: p for p in env.primitives()}
    if name not in by_name:
        raise ValueError(f"unknown primitive {name!r}; available: {', '.join(sorted(by_name))}")
    return by_name[name].command(args)


def _valid(info: dict) -> bool:
    """Whether the domain accepted the command (ALFWorld: `valid`; Robotic Planning: `action_is_valid`)."""
    for key in ("valid", "action_is_valid"):
        if key in info:
            return bool(info[key])
    return True


def replay(args: argparse.Namespace) -> int:
    path = Path(args.actions)
    if not path.is_file():
        raise UsageError(f"actions file not found: {path}")
    lines = [
        (number, line)
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if args.max_steps is not None and args.max_steps < 1:
        raise UsageError("--max-steps must be at least 1")
    # the env's own cap is set past the file's end: the only cap is --max-steps, counted here
    kwargs: dict[str, Any] = {"max_steps": len(lines) + 1}
    if args.data_dir:
        kwargs["data_dir"] = args.data_dir
    kwargs["preset"] = args.preset
    try:
        env = make_env(args.domain, **kwargs)
    except (OSError, ValueError, KeyError) as exc:
        raise UsageError(f"cannot open domain {args.domain}: {exc}") from exc
    try:
        try:
            goal, observation = env.reset(args.task)
        except KeyError as exc:
            raise UsageError(str(exc.args[0] if exc.args else exc)) from exc
        steps: list[dict[str, Any]] = []
        end_reason = "end of actions"
        for number, line in lines:
            if env.won:
                break
            if args.max_steps is not None and len(steps) >= args.max_steps:
                end_reason = "cap"
                break
            try:
                command = to_command(env, line)
            except (ValueError, TypeError) as exc:
                raise UsageError(f"{path}:{number}: {exc}") from exc
            step_observation, done, info = env.step(command)
            valid = _valid(info)
            steps.append({"line": number, "command": command, "observation": step_observation,
                          "done": done, "valid": valid})
            if not valid and not args.keep_going and not env.won:
                end_reason = "invalid"
                break
        if env.won:
            end_reason = "won"
        elif end_reason == "end of actions" and args.max_steps is not None and len(steps) >= args.max_steps \
                and len(steps) < len(lines):
            end_reason = "cap"
        result = {"domain": args.domain, "task": args.task, "goal": goal,
                  "initial_observation": observation, "steps": steps, "won": env.won,
                  "end_reason": end_reason, "progress": env.progress,
                  "unplayed_lines": len(lines) - len(steps)}
    finally:
        env.close()
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(goal)
        print(f"> (initial) {observation}")
        for step in steps:
            print(f"> {step['command']}\n{step['observation']}")
        progress = "" if result["progress"] is None else f", progress {result['progress']:.2f}"
        print(f"won: {result['won']}{progress}, steps {len(steps)}, ended: {end_reason}"
              + (f" (line {steps[-1]['line']})" if end_reason == "invalid" else "")
              + (f", {result['unplayed_lines']} line(s) not played" if result["unplayed_lines"] else ""))
    return 0 if result["won"] else 1
