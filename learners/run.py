"""One run end to end: env, sandbox, LLM (behind the run's cassette), plan, learn, test, summary."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from learnact_engine.learners.context import EnvPool, RunContext, Settings
from learnact_engine.learners.methods import get_method, load_artifact, save_artifact
from learnact_engine.learners.protocol import plan_tasks
from learnact_engine.run_dir import RunDir

ENV_STEP_CAP = 10_000  # the episode loop enforces the step cap; the env must not cut a learned call short


@dataclass
class RunOptions:
    settings: Settings
    llm: str = "local"
    sandbox: str = "restricted"
    run_dir: Path | None = None
    resume: bool = False
    env_options: dict = field(default_factory=dict)
    from_run: Path | None = None  # eval: test the artifact of this learn run
    learn: bool = True  # False: eval only (no learning; baselines without artifacts)
    llm_factory: Callable[..., Any] | None = None  # tests inject an LLM here
    env_factory: Callable[[], Any] | None = None  # tests inject an env here
    on_episode: Callable[[dict], None] | None = None
    on_status: Callable[[str], None] | None = None


def env_fingerprint(env, domain: str, plan) -> dict:
    digest = hashlib.sha256()
    for task, _type in plan.test:
        digest.update(task.encode())
    return {"domain": domain, "splits": env.splits(), "test_tasks_sha256": digest.hexdigest(),
            "env_class": type(env).__qualname__, "data_dir": str(getattr(env, "data_dir", "") or "")}


def execute_run(options: RunOptions) -> dict:
    from learnact_engine.envs.registry import make_env
    from learnact_engine.llm import make_llm
    from learnact_engine.sandbox import Limits, open_sandbox

    settings = options.settings
    method = get_method(settings.method)
    env_kwargs = {"max_steps": ENV_STEP_CAP, "seed": settings.seed, **options.env_options}
    pool = EnvPool(options.env_factory or (lambda: make_env(settings.domain, **env_kwargs)))
    with pool.env() as env:
        plan = plan_tasks(env, settings)
        fingerprint = env_fingerprint(env, settings.domain, plan)
    config = {"settings": {**settings.to_dict(), "llm": options.llm, "sandbox": options.sandbox,
                           "env_options": options.env_options,
                           "from_run": str(options.from_run) if options.from_run else None},
              "plan": plan.to_dict(), "env": fingerprint}
    run = RunDir.create(options.run_dir, config, resume=options.resume) if options.run_dir else None
    if options.llm_factory is not None:
        llm = options.llm_factory()
    else:
        cache = run.path / "llm-cache" if run is not None and not options.llm.startswith("replay:") else None
        llm = make_llm(options.llm, cache_dir=cache)
    if run is not None:
        config["llm"] = llm.describe()
        run.write_json("config.json", {**run.config(), "llm": llm.describe()})
    sandbox = open_sandbox(options.sandbox, Limits(wall_seconds=10.0), pool_size=max(2, settings.workers + 1))
    ctx = RunContext(settings, llm, pool, sandbox, run=run, on_episode=options.on_episode, on_status=options.on_status)
    try:
        if options.from_run is not None:
            source_method, artifact = load_artifact(options.from_run)
            if source_method and source_method != method.name:
                raise ValueError(f"{options.from_run} holds a {source_method} artifact, not {method.name}")
        elif options.learn and method.learns:
            artifact = method.learn(ctx, plan)
        else:
            artifact = {}
        if run is not None:
            save_artifact(run, method, artifact)
        ctx.status(f"testing on {len(plan.test)} task(s) x {settings.repeats} repeat(s)")
        records = method.test(ctx, plan, artifact)
        summary = summarize(settings, records, llm)
        if run is not None:
            run.write_summary(summary)
        return summary
    finally:
        sandbox.close()
        pool.close()
        llm.close()


def summarize(settings: Settings, records: list[dict], llm) -> dict:
    by_type: dict[str, list[bool]] = {}
    for record in records:
        by_type.setdefault(record["task_type"], []).append(bool(record["success"]))
    successes = sum(1 for r in records if r["success"])
    return {
        "method": settings.method, "domain": settings.domain, "preset": settings.preset,
        "episodes": len(records), "successes": successes,
        "success_rate": successes / len(records) if records else 0.0,
        "by_type": {t: {"episodes": len(v), "successes": sum(v)} for t, v in sorted(by_type.items())},
        "llm": llm.ledger.summary(),
    }
