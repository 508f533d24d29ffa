"""`learnact-engine envs`: list domains, splits and task counts; `envs generate` makes tasks.

Generic over `learnact_engine.envs.registry`: every registered domain is listed, and one that
cannot load here (a missing optional engine, a missing data directory) says why on its row.
Generation dispatches through GENERATORS, one `generate(out_dir, n, seed, types)` per domain.
"""

from __future__ import annotations

import argparse
import importlib
import json
from typing import Any

from learnact_engine.cli import UsageError
from learnact_engine.envs.registry import DOMAINS, make_env

GENERATORS: dict[str, str] = {
    "alfworld": "learnact_engine.envs.alfworld.generate:generate_games",
    "robotic_planning": "learnact_engine.envs.robotic_planning.generate:generate",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("envs", help="list domains, splits and task counts")
    parser.add_argument("--domain", choices=sorted(DOMAINS), help="only this domain")
    parser.add_argument("--data-dir", help="the domain's data directory (default: its built-in)")
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
            for task in env.tasks("all"):
                kind = env.task_type(task)
                types[kind] = types.get(kind, 0) + 1
        finally:
            env.close()
    except Exception as exc:  # any domain failing to load is reported on its own row
        return {"domain": domain, "available": False, "reason": f"{type(exc).__name__}: {exc}"}
    return {"domain": domain, "available": True, "splits": splits, "types": types}


def list_domains(args: argparse.Namespace) -> int:
    domains = [args.domain] if args.domain else sorted(DOMAINS)
    rows = [_describe(d, args.data_dir) for d in domains]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            if not row["available"]:
                print(f"{row['domain']}: unavailable ({row['reason']})")
                continue
            splits = ", ".join(f"{name} {count}" for name, count in row["splits"].items())
            print(f"{row['domain']}: {splits}")
            for kind, count in row["types"].items():
                print(f"  {kind}: {count}")
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
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    print(f"wrote {len(written) if written is not None else 'the'} files under {args.out}")
    return 0
