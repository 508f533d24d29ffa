"""One run end to end: env, sandbox, LLM (behind the run's cassette), plan, learn, test, summary."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from learnact_engine.learners.context import EnvPool, RunContext, Settings
from learnact_engine.learners.executors import ExecutorOptions, connect, make_executor
from learnact_engine.learners.methods import get_method, load_artifact, save_artifact
from learnact_engine.learners.protocol import plan_tasks
from learnact_engine.learners.roles import is_local_spec, make_roles
from learnact_engine.llm import REPLY_PROBLEMS, LLMConfigError, LLMOptions, SpendLimit, load_price_table
from learnact_engine.llm.accounting import CONTEXT_EVENTS
from learnact_engine.llm.spend import SPEND_FILE
from learnact_engine.run_dir import RunDir

ENV_STEP_CAP = 10_000  # the episode loop enforces the step cap; the env must not cut a learned call short
SANDBOX_LIMITS = {"wall_seconds": 10.0}  # Limits of the driver's sandbox and of every remote worker's


@dataclass
class RunOptions:
    settings: Settings
    llm: str = "local"
    learner_llm: str | None = None  # the learner's spec (None: the agent's, --llm)
    sandbox: str = "restricted"
    run_dir: Path | None = None
    resume: bool = False
    env_options: dict = field(default_factory=dict)
    from_run: Path | None = None  # eval: test the artifact of this learn run
    learn: bool = True  # False: eval only (no learning; baselines without artifacts)
    llm_factory: Callable[..., Any] | None = None  # tests inject an LLM here
    learner_llm_factory: Callable[..., Any] | None = None  # tests inject a separate learner LLM here
    env_factory: Callable[[], Any] | None = None  # tests inject an env here
    on_episode: Callable[[dict], None] | None = None
    on_status: Callable[[str], None] | None = None
    executor: ExecutorOptions = field(default_factory=ExecutorOptions)  # where episodes run (local | ray)
    context_window: int | None = None  # tokens, for every LLM of the run; None = discovered per model
    max_cost: float | None = None  # USD for the whole run, resumes included (engine/llm/spend.py)
    max_tokens: int | None = None  # tokens for the whole run, resumes included


def env_fingerprint(env, domain: str, plan) -> dict:
    digest = hashlib.sha256()
    for task, _type in plan.test:
        digest.update(task.encode())
    return {"domain": domain, "splits": env.splits(), "test_tasks_sha256": digest.hexdigest(),
            "env_class": type(env).__qualname__, "data_dir": str(getattr(env, "data_dir", "") or "")}


def execute_run(options: RunOptions) -> dict:
    from learnact_engine.envs.registry import make_env
    from learnact_engine.sandbox import Limits, open_sandbox

    settings = options.settings
    method = get_method(settings.method)
    # the preset also picks the env's wrapper rules (ALFWorld: look, toggle; see the README)
    env_kwargs = {"max_steps": ENV_STEP_CAP, "seed": settings.seed, "preset": settings.preset, **options.env_options}
    pool = EnvPool(options.env_factory or (lambda: make_env(settings.domain, **env_kwargs)))
    with pool.env() as env:
        plan = plan_tasks(env, settings)
        fingerprint = env_fingerprint(env, settings.domain, plan)
    config = {"settings": {**settings.to_dict(), "llm": options.llm,
                           "learner_llm": options.learner_llm or options.llm, "sandbox": options.sandbox,
                           "env_options": options.env_options,
                           "from_run": str(options.from_run) if options.from_run else None,
                           "context_window": options.context_window},
              "plan": plan.to_dict(), "env": fingerprint}
    owns_cluster = connect(options.executor)  # ray: a cluster that cannot be reached fails before the run dir
    run = RunDir.create(options.run_dir, config, resume=options.resume) if options.run_dir else None
    spend = spend_limit(options, run)
    roles = make_roles(options.llm, options.learner_llm, run.path if run is not None else None,
                       options.llm_factory, options.learner_llm_factory,
                       options=LLMOptions(context_window=options.context_window or recorded_window(options.llm),
                                          prices=spend.prices), spend=spend)
    llm, cache = roles.agent, roles.cache_dir
    if run is not None:
        config["llm"] = llm.describe()
        run.write_json("config.json", {**run.config(), "llm": llm.describe(), "learner_llm": roles.learner.describe(),
                                       "llm_roles": {"agent": roles.agent_spec, "learner": roles.learner_spec,
                                                     "shared_backend": roles.shared},
                                       "limits": spend.describe(),
                                       "context": {"agent": context_info(llm), "learner": context_info(roles.learner)}})
    sandbox = open_sandbox(options.sandbox, Limits(**SANDBOX_LIMITS), pool_size=max(2, settings.workers + 1))
    ctx = RunContext(settings, llm, pool, sandbox, learner_llm=roles.learner, run=run, on_episode=options.on_episode,
                     on_status=options.on_status, local_agent=is_local_spec(roles.agent_spec),
                     local_learner=is_local_spec(roles.learner_spec, "learner"))
    for unpriced in unpriced_models(spend, (llm, roles.learner)):
        ctx.status(f"--max-cost: no price is known for {unpriced}, so its calls count as $0 "
                   "(give its price in $LEARNACT_LLM_PRICES, or cap tokens with --max-tokens)")
    try:
        ctx.executor = _executor(options, settings, env_kwargs, cache, run, owns_cluster)
        if options.from_run is not None:
            source_method, artifact = load_artifact(options.from_run)
            if source_method and source_method != method.name:
                raise ValueError(f"{options.from_run} holds a {source_method} artifact, not {method.name}")
        elif options.learn and method.learns and settings.preset == "paper" and settings.repeats > 1:
            # the reference's --exp_id_on_train: one independent learning run per repeat
            artifact = []
            for repeat in range(settings.repeats):
                ctx.status(f"learning run {repeat + 1} of {settings.repeats} (paper preset: one per repeat)")
                artifact.append(method.learn(dataclasses.replace(ctx, repeat=repeat), plan))
        elif options.learn and method.learns:
            artifact = method.learn(ctx, plan)
        else:
            artifact = {}
        if run is not None:
            save_artifact(run, method, artifact)
        ctx.status(f"testing on {len(plan.test)} task(s) x {settings.repeats} repeat(s)")
        records = method.test(ctx, plan, artifact)
        summary = summarize(settings, records, llm)
        summary["llm"] = roles.combined_summary()
        summary["llm_by_role"] = roles.by_role()
        summary["truncated_replies"] = dict(sorted(ctx.truncated.items()))
        summary.update(limits_summary(records, run, llm, roles.learner, spend))
        if run is not None:
            run.write_summary(summary)
        return summary
    finally:
        if ctx.executor is not None:
            ctx.executor.close()
        sandbox.close()
        pool.close()
        roles.close()


def _executor(options: RunOptions, settings: Settings, env_kwargs: dict, cache, run, owns_cluster):
    """None for the local executor (threads in this process), else the one the options name."""
    if options.executor.kind == "local":
        return None
    if options.llm_factory is not None:
        raise ValueError("an injected LLM factory cannot travel to remote episode workers")
    if run is not None:
        run.write_json("config.json", {**run.config(), "executor": {"kind": options.executor.kind,
                                                                   "address": options.executor.address}})
    return make_executor(options.executor, owns_cluster, settings=settings, domain=settings.domain, env_kwargs=env_kwargs,
                         sandbox=options.sandbox, limits=SANDBOX_LIMITS,
                         llm_spec=options.llm, cache_dir=str(cache) if cache is not None else None,
                         env_factory=options.env_factory, context_window=options.context_window,
                         on_status=options.on_status)


def _rates(records: list[dict]) -> dict:
    successes = sum(1 for r in records if r["success"])
    progress = [float(r["progress"]) for r in records if isinstance(r.get("progress"), (int, float))]
    return {"episodes": len(records), "successes": successes,
            "success_rate": successes / len(records) if records else 0.0,
            # the PDDL progress rate (best goal fraction); None where the domain has none (ALFWorld)
            "progress_rate": sum(progress) / len(progress) if progress else None}


def spend_limit(options: RunOptions, run) -> SpendLimit:
    """The run's spend limits, carrying over what earlier sessions of the run spent (spend.json)."""
    try:
        return SpendLimit(options.max_cost, options.max_tokens, path=run.path / SPEND_FILE if run is not None else None,
                          prices=load_price_table())  # $LEARNACT_LLM_PRICES overrides, as for `chat`
    except ValueError as exc:
        raise LLMConfigError(str(exc)) from None


def recorded_window(spec: str) -> int | None:
    """For `replay:RUN/llm-cache`: the smallest window the recorded run knew at its end (none when it
    only guessed), so the replay refuses and trims what the recorded run refused and trimmed."""
    if not spec.startswith("replay:"):
        return None
    cassette = Path(spec.split(":", 1)[1])
    run = cassette.parent.parent if cassette.name == "learner" else cassette.parent
    try:
        windows = json.loads((run / "summary.json").read_text(encoding="utf-8")).get("context_windows", {})
        known = [w["tokens"] for w in windows.values() if isinstance(w, dict) and w.get("source") != "default"
                 and isinstance(w.get("tokens"), int)]
    except (OSError, ValueError, AttributeError):
        return None
    return min(known) if known else None


def unpriced_models(spend: SpendLimit, llms) -> list[str]:
    """Models a --max-cost cannot see (no price): their calls would never reach the limit."""
    if spend.max_cost_usd is None:
        return []
    names = {getattr(m, "model", "") for m in llms if m is not None}
    return sorted(n for n in names if n and n != "replay" and spend.prices.price_for(n) is None)


def context_info(llm) -> dict:
    """The role's context window (and its source) and token counter, for config.json."""
    info = getattr(llm, "context_info", None)
    return info() if info is not None else {}


def limits_summary(records: list[dict], run, agent, learner, spend: SpendLimit) -> dict:
    """reply_problems ({problem: count} over the whole run: the episodes' own counts, earlier sessions
    included, plus this session's calls outside episodes: the learner's), context events, spend."""
    counts: Counter[str] = Counter()
    context: Counter[str] = Counter()
    llms = list({id(m): m for m in (agent, learner) if m is not None}.values())
    for llm in llms:
        context.update(llm.ledger.note_counts(CONTEXT_EVENTS))
        counts.update(llm.ledger.note_counts(REPLY_PROBLEMS, outside_episodes=run is not None))
    episodes = list(run.finished().values()) if run is not None else records
    if run is not None:
        for record in episodes:
            counts.update(record.get("reply_problems") or {})
    return {"reply_problems": {name: counts.get(name, 0) for name in REPLY_PROBLEMS},
            "context": {**dict(sorted(context.items())),
                        "episodes_ended": sum(1 for r in episodes if r.get("status") == "context")},
            "spend": spend.describe(),
            # each role's window at the end (a server rejection may have taught a smaller one): a replay uses it
            "context_windows": {"agent": context_info(agent), "learner": context_info(learner)}}


def summarize(settings: Settings, records: list[dict], llm) -> dict:
    by_type: dict[str, list[dict]] = {}
    by_repeat: dict[int, list[dict]] = {}
    for record in records:
        by_type.setdefault(record["task_type"], []).append(record)
        by_repeat.setdefault(int(record.get("repeat") or 0), []).append(record)
    overall = _rates(records)
    return {
        "method": settings.method, "domain": settings.domain, "preset": settings.preset,
        "episodes": overall["episodes"], "successes": overall["successes"],
        "success_rate": overall["success_rate"], "progress_rate": overall["progress_rate"],
        "by_type": {t: _rates(rs) for t, rs in sorted(by_type.items())},
        # per run (repeat): each is its own learning run in the paper preset
        "by_repeat": {str(r): {**_rates(rs), "by_type": {t: _rates([x for x in rs if x["task_type"] == t])
                                                         for t in sorted({x["task_type"] for x in rs})}}
                      for r, rs in sorted(by_repeat.items())},
        "llm": llm.ledger.summary(),
    }
