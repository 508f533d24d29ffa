"""`learnact-engine prompts`: print the exact messages a method's stage sends, for audit and review.

    learnact-engine prompts --domain robotic_planning --method learnact --stage revision --task T
    learnact-engine prompts --domain alfworld --method react --json
    learnact-engine prompts --from-run runs/r1 --episode KEY [--step N] [--json]
    learnact-engine prompts --from-run runs/r1 --stage revision [--json]

Without --from-run the messages are rendered offline by the code a run uses (no LLM, no data
needed: the domain's generated tasks serve when no --data-dir is given). With --from-run they are
what the recorded run really sent, read from its cassette (llm-cache) by the request keys each step
of the episode recorded (an episode's agent calls), or, with --stage and no --episode, every call of
that stage in the run's cassettes (the learner's too), recognised by its prompt. Text output: one "[role]" header per message; --json: a list of
{"role", "content"} (with --from-run and no --step: one {"step", "messages", "reply"} per call).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from learnact_engine.cli import UsageError

METHODS = ("learnact", "act", "react", "act_reflexion", "react_reflexion", "code_as_policy")
STAGE_NAMES = ("agent", "creation", "description", "usage", "revision", "reflection", "code_as_policy")


def register(subparsers) -> None:
    parser = subparsers.add_parser("prompts", help="print the exact messages a method's stage sends (or a run sent)")
    parser.add_argument("--domain", choices=("alfworld", "robotic_planning"), default=None)
    parser.add_argument("--method", choices=METHODS, default="learnact")
    parser.add_argument("--stage", choices=STAGE_NAMES, default=None,
                        help="default: the method's first stage (agent; code_as_policy for code_as_policy)")
    parser.add_argument("--task", default=None, help="task id (default: the plan's first test task)")
    parser.add_argument("--preset", choices=("clean", "paper"), default="clean")
    parser.add_argument("--data-dir", default=None, help="the domain's data folder (default: generated tasks)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--from-run", default=None, help="a run directory: print what it really sent")
    parser.add_argument("--episode", default=None, help="with --from-run: the episode key (or a unique prefix)")
    parser.add_argument("--step", type=int, default=None, help="with --from-run: only this call (0-based)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run_prompts)


def _print_messages(messages: list[dict]) -> None:
    for message in messages:
        print(f"[{message['role']}]")
        print(message["content"])
        print()


def run_prompts(args: argparse.Namespace) -> int:
    if args.from_run is not None:
        return _from_run(args)
    if args.episode is not None or args.step is not None:
        raise UsageError("--episode and --step need --from-run")
    if args.domain is None:
        raise UsageError("--domain is required (or --from-run DIR --episode KEY)")
    from learnact_engine.envs.registry import make_env
    from learnact_engine.learners.context import Settings
    from learnact_engine.learners.stage_prompts import StageError, default_stage, render_stage

    stage = args.stage or default_stage(args.method)
    env_options = {"data_dir": args.data_dir} if args.data_dir else {}
    try:
        settings = Settings.for_domain(args.domain, preset=args.preset, method=args.method, seed=args.seed)
        rendered = render_stage(settings, lambda: make_env(args.domain, **env_options), stage, args.task)
    except StageError as exc:
        raise UsageError(str(exc)) from None
    except (FileNotFoundError, ValueError, KeyError) as exc:
        raise UsageError(f"cannot render {stage} for {args.domain}: {exc}") from None
    if rendered.note:
        print(f"note: {rendered.note}", file=sys.stderr)
    if args.json:
        print(json.dumps(rendered.messages, indent=1, ensure_ascii=False))
    else:
        _print_messages(rendered.messages)
    return 0


def _from_run(args: argparse.Namespace) -> int:
    from learnact_engine.run_dir import RunDir, RunDirError

    if args.episode is None and args.stage is None:
        raise UsageError("--from-run needs --episode KEY (a line of episodes.jsonl) or --stage S (the learner's calls)")
    try:
        run = RunDir.open(args.from_run)
        episodes = run.episodes()
    except RunDirError as exc:
        raise UsageError(str(exc)) from None
    if args.episode is None:
        return _stage_calls(run.path / "llm-cache", args.stage, args.json)
    matches = [r for r in episodes if r.get("key") == args.episode] or \
              [r for r in episodes if str(r.get("key", "")).startswith(args.episode)]
    if not matches:
        raise UsageError(f"no episode with key {args.episode!r} in {run.path}")
    if len({r.get("key") for r in matches}) > 1:
        raise UsageError(f"{len(matches)} episodes start with {args.episode!r}; give more of the key")
    record = matches[-1]
    trajectory = record.get("trajectory", [])
    if not trajectory:
        raise UsageError("this episode has no agent step (a code_as_policy episode, or one that ended at once)")
    root = run.path / "llm-cache"
    if not root.is_dir():
        raise UsageError(f"{run.path} has no cassette (llm-cache): nothing recorded what it sent")
    entries = None
    calls = []
    for index, step in enumerate(trajectory):
        if args.step is not None and index != args.step:
            continue
        entry = _cassette_entry(root, step["llm_key"]) if step.get("llm_key") else None
        if entry is None:  # the sent request differed from the key (a reply cap fitted to the window)
            entries = entries if entries is not None else _all_entries(root)
            entry = _match_step(entries, record, index)
        if entry is None:
            raise UsageError(f"step {index}: the request is not in {root}")
        calls.append({"step": index, "messages": entry["request"]["messages"], "reply": entry["response"]["text"]})
    if args.step is not None and not calls:
        raise UsageError(f"--step {args.step}: the episode has {len(trajectory)} call(s), numbered from 0")
    if args.json:
        print(json.dumps(calls[0]["messages"] if args.step is not None else calls, indent=1, ensure_ascii=False))
    else:
        for call in calls:
            if args.step is None:
                print(f"=== step {call['step']} ===")
            _print_messages(call["messages"])
    return 0


def stage_of(messages: list[dict]) -> str:
    """Which stage sent a recorded call, from the shape of its prompt."""
    users = [m["content"] for m in messages if m.get("role") == "user"]
    first, last = (users[0], users[-1]) if users else ("", "")
    if "Now write your solution:" in first:
        return "creation"
    if first.rstrip().endswith("Failed reason:"):
        return "revision"
    if last.rstrip().endswith("Instruction:"):
        return "description"
    if "can now be called like actions:" in last:
        return "usage"
    if last.rstrip().endswith("Short prompt for future:"):
        return "reflection"
    if "Write the whole program" in last:
        return "code_as_policy"
    return "agent"


def _stage_calls(root: Path, stage: str, as_json: bool) -> int:
    """Every recorded call of a stage (agent's and learner's cassettes), oldest first."""
    if not root.is_dir():
        raise UsageError(f"{root.parent} has no cassette (llm-cache): nothing recorded what it sent")
    calls = [{"model": e.get("model"), "messages": e["request"]["messages"], "reply": e["response"]["text"]}
             for e in _all_entries(root, by_time=True) if stage_of(e.get("request", {}).get("messages", [])) == stage]
    if not calls:
        raise UsageError(f"no recorded {stage} call in {root}")
    if as_json:
        print(json.dumps(calls, indent=1, ensure_ascii=False))
    else:
        for index, call in enumerate(calls):
            print(f"=== {stage} call {index} ({call['model']}) ===")
            _print_messages(call["messages"])
    return 0


def _all_entries(root: Path, by_time: bool = False) -> list[dict]:
    found = []
    paths = sorted(root.rglob("*.json"), key=(lambda p: (p.stat().st_mtime_ns, str(p))) if by_time else str)
    for path in paths:
        try:
            found.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return found


def _match_step(entries: list[dict], record: dict, index: int) -> dict | None:
    """The recorded call of step `index`: its episode part has this goal and first observation,
    `index` earlier steps, and ends with the step before's action and observation."""
    goal_mark = "You should perform actions to accomplish the goal: "
    before = record["trajectory"][:index]
    tail = ""
    if before:
        action = before[-1]["action"]
        tail = (action if action.startswith("Think:") else f"Action: {action}") + \
            f"\nObservation: {before[-1]['observation']}"
    for entry in entries:
        messages = entry.get("request", {}).get("messages", [])
        user = next((m["content"] for m in reversed(messages) if m.get("role") == "user"), "")
        if goal_mark + record.get("goal", "") not in user:
            continue
        episode = user.rsplit(goal_mark, 1)[1]
        steps = sum(1 for ln in episode.splitlines() if ln.startswith(("Action: ", "Think:")) and ln.strip() != "Action:")
        if f"Observation: {record.get('initial_observation', '')}" in episode and steps == index and \
                episode.rstrip().removesuffix("Action:").rstrip().endswith(tail.rstrip()):
            return entry
    return None


def _cassette_entry(root: Path, key: str) -> dict | None:
    if not root.is_dir():
        return None
    for path in sorted(root.rglob(f"{key}.json")):
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return None
