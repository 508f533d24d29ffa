"""`learn --estimate`: the LLM calls and tokens a run will take, before it spends anything.

Counts come from the protocol (the run's real task plan: training, selection and test tasks per
type; samples, rounds, validity tries, step caps, repeats); prompt sizes from a few real prompts
built for the run's first test task and training task of each type (the agent's prompt, the
learner's creation prompt and zero-shot scene), counted at 3 characters per token. No LLM is called
and no model is loaded.

Two figures per phase: "typical" (episodes run half their step cap, code is accepted on its second
try, a library has 3 actions, replies are as long as usual) and "at most" (every episode runs its
step cap, every validity loop uses all its tries, every reply uses its whole output cap). An agent
prompt grows by one step per call until the memory holds `memory` items, never past the window.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from learnact_engine.llm.context_window import WindowHolder
from learnact_engine.llm.local_backend import DEFAULT_N_CTX
from learnact_engine.llm.tokens import TokenCounter

TYPICAL_REPLY = {"agent": 15, "creation": 250, "description": 60, "usage": 150, "revision": 300,
                 "reflection": 80, "program": 250}
ACTIONS_PER_LIBRARY = 3
LIBRARY_PROMPT_TOKENS = 300  # learned actions' descriptions and usage example in the agent's prompt


@dataclass
class Tally:
    calls: float = 0
    prompt: float = 0
    completion: float = 0

    def add(self, calls: float, prompt_each: float, completion_each: float) -> None:
        self.calls += calls
        self.prompt += calls * prompt_each
        self.completion += calls * completion_each

    def merged(self, other: "Tally") -> "Tally":
        return Tally(self.calls + other.calls, self.prompt + other.prompt, self.completion + other.completion)


@dataclass(frozen=True)
class TypeSizes:
    agent: int  # the agent's prompt at its first step
    step: int  # tokens one history step adds
    creation: int  # the learner's creation prompt
    zero: int  # the zero-shot scene every learner prompt opens with


def episode_prompt_tokens(sizes: TypeSizes, steps: int, memory: int, budget: int, extra: int = 0) -> float:
    """Prompt tokens of all calls of one episode of `steps` steps."""
    held = max(1, memory // 2)
    return sum(min(sizes.agent + extra + min(i, held) * sizes.step, budget) for i in range(steps))


def estimate_run(options) -> dict:
    from learnact_engine.envs.registry import make_env
    from learnact_engine.learners.context import EnvPool, RunContext
    from learnact_engine.learners.output_caps import output_cap
    from learnact_engine.learners.protocol import plan_tasks
    from learnact_engine.learners.roles import is_local_spec
    from learnact_engine.learners.run import ENV_STEP_CAP

    settings = options.settings
    env_kwargs = {"max_steps": ENV_STEP_CAP, "seed": settings.seed, **options.env_options}
    pool = EnvPool(lambda: make_env(settings.domain, **env_kwargs))
    try:
        with pool.env() as env:
            plan = plan_tasks(env, settings)
        learner_spec = options.learner_llm or options.llm
        ctx = RunContext(settings, None, pool, local_agent=is_local_spec(options.llm),
                         local_learner=is_local_spec(learner_spec, "learner"))
        sizes = {task_type: measure(ctx, plan, task_type) for task_type in plan.types}
    finally:
        pool.close()
    model = _model_name(options.llm)
    local = (DEFAULT_N_CTX, "local n_ctx") if options.llm.startswith("local") else None
    window = WindowHolder(model, options.context_window, lambda: local).get()
    caps = {stage: output_cap(ctx, stage) for stage in TYPICAL_REPLY}
    budget = window.tokens - min(caps["agent"], window.tokens // 4)
    learning = {"typical": Tally(), "at most": Tally()}
    learner_part = {"typical": Tally(), "at most": Tally()}  # of `learning`: the learner role's calls
    testing = {"typical": Tally(), "at most": Tally()}
    method = settings.method
    runs = settings.repeats if settings.preset == "paper" and settings.repeats > 1 else 1
    for label in learning:
        most = label == "at most"
        reply = (lambda stage: caps[stage]) if most else (lambda stage: min(caps[stage], TYPICAL_REPLY[stage]))
        for task_type, s in sizes.items():
            n_learn = len(plan.train.get(task_type, [])) + len(plan.select.get(task_type, []))
            learn_steps = settings.learn_max_steps if most else max(1, settings.learn_max_steps // 2)
            extra = LIBRARY_PROMPT_TOKENS if method == "learnact" else 0
            episode = episode_prompt_tokens(s, learn_steps, settings.memory, budget, extra)
            tally, learner = Tally(), Tally()
            if method == "learnact" and plan.train.get(task_type):
                tries = settings.validity_tries if most else min(2, settings.validity_tries)
                code_calls = settings.samples * (1 + settings.iterations)
                for t in range(tries):  # each repair resends the conversation so far
                    learner.add(code_calls, s.creation + t * (reply("creation") + 100), reply("creation"))
                learner.add(code_calls * ACTIONS_PER_LIBRARY, s.zero + 200, reply("description"))
                learner.add(code_calls, s.zero + 300, reply("usage"))
                evaluated = settings.samples + settings.iterations * (settings.samples + 1)
                tally.add(evaluated * n_learn * learn_steps, episode / learn_steps, reply("agent"))
            elif method in ("act_reflexion", "react_reflexion") and plan.train.get(task_type):
                rounds = settings.iterations + 1 if most else 1 + min(settings.iterations, settings.max_reflections)
                tally.add(rounds * len(plan.train[task_type]) * learn_steps, episode / learn_steps, reply("agent"))
                learner.add(min(settings.iterations, settings.max_reflections), s.zero + learn_steps * s.step,
                            reply("reflection"))
            learner = Tally(learner.calls * runs, learner.prompt * runs, learner.completion * runs)
            learner_part[label] = learner_part[label].merged(learner)
            learning[label] = learning[label].merged(Tally(tally.calls * runs, tally.prompt * runs,
                                                           tally.completion * runs)).merged(learner)
            tests = sum(1 for _task, t in plan.test if t == task_type) * settings.repeats
            if method == "code_as_policy":
                testing[label].add(tests, s.agent, reply("program"))
            else:
                steps = settings.max_steps if most else max(1, settings.max_steps // 2)
                per_episode = episode_prompt_tokens(s, steps, settings.memory, budget, extra)
                testing[label].add(tests * steps, per_episode / steps, reply("agent"))
    return {"settings": settings, "plan": plan, "window": window, "sizes": sizes, "learning": learning,
            "testing": testing, "model": model, "runs": runs, "learner_part": learner_part,
            "learner_spec": learner_spec}


def _model_name(spec: str) -> str:
    return spec.split(":", 1)[1] if spec.startswith("openai:") else spec


def measure(ctx, plan, task_type: str) -> TypeSizes:
    """Token sizes of the real prompts of one task type (no LLM call)."""
    from learnact_engine.learners.demonstrations import demonstration_for
    from learnact_engine.learners.episode import base_instruction
    from learnact_engine.learners.prompts import agent_messages

    counter = TokenCounter()
    settings = ctx.settings
    task = next((t for t, kind in plan.test if kind == task_type), None) or plan.train[task_type][0]
    demo = demonstration_for(ctx, task_type, plan.train, frozenset(t for t, _kind in plan.test))
    with ctx.envs.env() as env:
        goal, observation = env.reset(task)
        primitives = env.primitives()
    messages = agent_messages(system=settings.system, primitives=primitives, library=None, usage="",
                              demonstration=demo, reflections=(), goal=goal, initial_observation=observation,
                              history=[], memory=settings.memory, react=settings.method.startswith("react"),
                              base_instruction=base_instruction(settings.domain, task_type))
    agent = counter.count_messages(messages)
    steps = demo.steps if demo is not None else ()
    step = (sum(counter.count_text(f"Action: {a}\nObservation: {o}") for a, o in steps) // len(steps)
            if steps else counter.count_text(observation) + 10)
    creation, zero = agent, agent
    if plan.train.get(task_type):
        try:
            from learnact_engine.learners.learnact import TypeLearner

            learner = TypeLearner(ctx, plan, task_type)
            creation = counter.count_messages(learner.creation_messages())
            zero = counter.count_text(learner.zero)
        except Exception:  # noqa: BLE001 - a type the learner cannot prepare: the agent's size stands in
            pass
    return TypeSizes(agent, step, creation, zero)


def render(result: dict, llm_spec: str) -> str:
    from learnact_engine.llm.pricing import load_price_table

    settings, plan, window = result["settings"], result["plan"], result["window"]
    prices = load_price_table()
    learner_spec = result.get("learner_spec") or llm_spec
    lines = [f"Estimate for {settings.method} on {settings.domain} (preset {settings.preset}, "
             f"{len(plan.types)} task type(s), {sum(len(v) for v in plan.train.values())} training, "
             f"{sum(len(v) for v in plan.select.values())} selection and {len(plan.test)} test task(s) x "
             f"{settings.repeats} repeat(s)); no LLM was called.",
             f"Model {llm_spec}: context window {window.tokens:,} tokens ({window.source}); tokens estimated at "
             "3 characters per token."]
    if result["runs"] > 1:
        lines.append(f"Learning runs once per repeat ({result['runs']} runs), as the reference's paper protocol.")
    for task_type, s in sorted(result["sizes"].items()):
        lines.append(f"  {task_type}: agent prompt {s.agent:,} tokens at step 1 (+{s.step:,} per step), "
                     f"learner creation prompt {s.creation:,} tokens")
    if learner_spec != llm_spec:
        lines.append(f"Learner {learner_spec}: creation, descriptions, usage and reflections are priced at its rates.")
    lines.append(f"{'phase':<10}{'':<10}{'calls':>10}{'prompt tokens':>16}{'completion tokens':>19}{'cost (USD)':>12}")

    def cost_of(spec: str, tally: Tally) -> float | None:
        return 0.0 if spec.startswith("local") else prices.cost(_model_name(spec), _usage(tally))

    def phase_cost(label: str, tally: Tally, learning: bool) -> float | None:
        """The agent's share at its price, the learner's (learning only) at the learner's."""
        learner = result["learner_part"][label] if learning else Tally()
        agent = Tally(tally.calls - learner.calls, tally.prompt - learner.prompt, tally.completion - learner.completion)
        parts = [cost_of(llm_spec, agent), cost_of(learner_spec, learner) if learner.calls else 0.0]
        return None if None in parts else sum(parts)

    for phase, tallies in (("learning", result["learning"]), ("testing", result["testing"]),
                           ("total", {k: result["learning"][k].merged(result["testing"][k]) for k in result["testing"]})):
        learning = phase in ("learning", "total")
        for label, tally in tallies.items():
            cost = phase_cost(label, tally, learning)
            shown = "n/a" if cost is None else f"{cost:,.2f}"
            lines.append(f"{phase:<10}{label:<10}{tally.calls:>10,.0f}{tally.prompt:>16,.0f}{tally.completion:>19,.0f}"
                         f"{shown:>12}")
            phase = ""
    lines.append("typical: episodes run half their step cap, code is accepted on the second try; at most: every "
                 "episode runs its step cap, every validity loop uses all tries, replies fill their caps.")
    return "\n".join(lines)


def _usage(tally: Tally):
    from learnact_engine.llm.types import Usage

    return Usage(int(tally.prompt), int(tally.completion))


def print_estimate(args: argparse.Namespace) -> int:
    from learnact_engine.commands.learn_cmd import build_options

    options = build_options(args, learn=True)
    print(render(estimate_run(options), options.llm))
    return 0
