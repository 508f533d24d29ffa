"""`learnact-engine envs`: list domains, splits and task counts; `envs generate` makes tasks.

Generic over `learnact_engine.envs.registry`: every registered domain is listed with its data
source, each split's task count (and, for ALFWorld, what the split means), the task types, and how
to get more data. A domain that cannot load here (a missing optional engine, a bad data directory)
says why on its row. Generation dispatches through GENERATORS, one
`generate(out_dir, n, seed, types)` per domain.
"""

from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path
from typing import Any

from learnact_engine.cli import UsageError
from learnact_engine.envs.registry import DOMAINS, make_env

GENERATORS: dict[str, str] = {
    "alfworld": "learnact_engine.envs.alfworld.generate:generate_games",
    "robotic_planning": "learnact_engine.envs.robotic_planning.generate:generate",
}
SPLIT_MEANINGS = {
    "train": "training tasks",
    "valid_seen": "in-distribution: scenes seen in training",
    "valid_unseen": "out-of-distribution: unseen scenes",
    "test": "held-out test tasks",
    "all": "every task",
}
MORE_DATA = {
    "alfworld": "more games: `learnact-engine envs generate --domain alfworld --n N --seed S --out DIR`, "
                "then --data-dir DIR; or point --data-dir / $ALFWORLD_DATA at any folder in ALFWorld's "
                "layout (json_2.1.1/<split>/<task>/<trial>/game.tw-pddl)",
    "robotic_planning": "more tasks: `learnact-engine envs generate --domain robotic_planning --n N --out DIR`, "
                        "or --data-dir pointing at AgentBoard's pddl folder (<game>.pddl + <game>/problem*.pddl)",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("envs", help="list domains, splits and task counts (works offline)")
    parser.add_argument("--domain", choices=sorted(DOMAINS), help="only this domain")
    parser.add_argument("--data-dir", help="the domain's data directory (default: its built-in/offline set)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=list_domains)
    actions = parser.add_subparsers(dest="envs_action", metavar="ACTION")
    gen = actions.add_parser("generate", help="generate task files for a domain")
    gen.add_argument("--domain", dest="gen_domain", required=True, choices=sorted(GENERATORS))
    gen.add_argument("--n", type=int, required=True, help="number of tasks (per type)")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--out", required=True, help="output directory")
    gen.add_argument("--types", nargs="*", help="task types / games (default: all)")
    gen.set_defaults(handler=generate_tasks)


def _describe(domain: str, data_dir: str | None) -> dict[str, Any]:
    kwargs = {} if data_dir is None else {"data_dir": data_dir}
    try:
        env = make_env(domain, **kwargs)
        try:
            splits = env.splits()
            types: dict[str, int] = {}
            for split in (["all"] if "all" in splits else list(splits)):
                for task in env.tasks(split):
                    kind = env.task_type(task)
                    types[kind] = types.get(kind, 0) + 1
            source = str(getattr(env, "data_dir", None) or
                         ("built-in generators" if data_dir is None else data_dir))
            default_split = getattr(env, "split", None) or ("test" if "test" in splits else next(iter(splits), None))
        finally:
            env.close()
    except Exception as exc:  # any domain failing to load is reported on its own row
        return {"domain": domain, "available": False, "reason": f"{type(exc).__name__}: {exc}",
                "more": MORE_DATA.get(domain, "")}
    note = ""
    if len([s for s in splits if s != "all"]) == 1:
        note = (f"one split: `learn` draws its training, selection and test tasks from {next(iter(splits))} "
                "without overlap (--preset clean)")
    return {"domain": domain, "available": True, "source": source, "default_split": default_split,
            "splits": splits, "split_meanings": {s: SPLIT_MEANINGS.get(s, "") for s in splits},
            "types": types, "note": note, "more": MORE_DATA.get(domain, "")}


def list_domains(args: argparse.Namespace) -> int:
    if args.data_dir is not None and not Path(args.data_dir).expanduser().is_dir():
        raise UsageError(f"--data-dir {args.data_dir}: no such directory")
    domains = [args.domain] if args.domain else sorted(DOMAINS)
    rows = [_describe(d, args.data_dir) for d in domains]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            if not row["available"]:
                print(f"{row['domain']}: unavailable ({row['reason']})")
                print(f"  {row['more']}")
                continue
            print(f"{row['domain']}  (data: {row['source']}; default split: {row['default_split']})")
            for name, count in row["splits"].items():
                meaning = row["split_meanings"].get(name)
                print(f"  split {name}: {count} tasks" + (f"  ({meaning})" if meaning else ""))
            for kind, count in row["types"].items():
                print(f"  type {kind}: {count}")
            if row["note"]:
                print(f"  {row['note']}")
            print(f"  {row['more']}")
    return 0 if all(row["available"] for row in rows) else 1


def generate_tasks(args: argparse.Namespace) -> int:
    if args.n < 1:
        raise UsageError("--n must be at least 1")
    module_name, function_name = GENERATORS[args.gen_domain].split(":")
    try:
        generate = getattr(importlib.import_module(module_name), function_name)
    except (ImportError, AttributeError) as exc:
        raise UsageError(f"domain {args.gen_domain} has no generator here: {exc}") from exc
    try:
        written = generate(args.out, args.n, args.seed, args.types or None)
    except (ValueError, FileExistsError) as exc:
        raise UsageError(str(exc)) from exc
    print(f"wrote {len(written) if written is not None else 'the'} files under {args.out}")
    print(f"use them with --data-dir {args.out} (e.g. `learnact-engine envs --domain {args.gen_domain} "
          f"--data-dir {args.out}`)")
    return 0
