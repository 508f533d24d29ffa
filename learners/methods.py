"""The six methods behind one contract: `learn(ctx, plan) -> artifact`, `test(ctx, plan, artifact)`.

An artifact maps task type -> AgentSpec (library and usage, reflections, ReAct or not); it is saved
in the run directory as artifact.json (libraries by their round folder), so `eval --from-run` can
test what `learn` produced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from learnact_engine.actions.store import list_rounds, load_round
from learnact_engine.learners import code_as_policy, learnact, reflexion
from learnact_engine.learners.context import RunContext
from learnact_engine.learners.demonstrations import demonstration_for
from learnact_engine.learners.episode import AgentSpec, EpisodeRequest, run_episode
from learnact_engine.learners.protocol import TaskPlan

Artifact = dict[str, AgentSpec]
ARTIFACT = "artifact.json"


@dataclass(frozen=True)
class Method:
    name: str
    react: bool
    learns: bool
    learn_fn: Callable[[RunContext, TaskPlan], Artifact] | None = None
    open_loop: bool = False  # code-as-policy: one program per task

    def learn(self, ctx: RunContext, plan: TaskPlan) -> Artifact:
        if self.learn_fn is None:
            return {}
        return self.learn_fn(ctx, plan)

    def spec_for(self, artifact: Artifact, task_type: str) -> AgentSpec:
        return artifact.get(task_type) or AgentSpec(react=self.react)

    def test(self, ctx: RunContext, plan: TaskPlan, artifact: Artifact) -> list[dict]:
        settings = ctx.settings
        requests = []
        for repeat in range(settings.repeats):
            for task, task_type in plan.test:
                requests.append(EpisodeRequest(task, task_type, self.spec_for(artifact, task_type),
                                               demonstration_for(ctx, task_type, plan.train), "test",
                                               settings.max_steps, repeat=repeat))
        runner = code_as_policy.run_program_episode if self.open_loop else run_episode
        return ctx.map(lambda request: runner(ctx, request), requests)


METHODS: dict[str, Method] = {
    "act": Method("act", react=False, learns=False),
    "react": Method("react", react=True, learns=False),
    "act_reflexion": Method("act_reflexion", react=False, learns=True,
                            learn_fn=lambda ctx, plan: reflexion.learn(ctx, plan, react=False)),
    "react_reflexion": Method("react_reflexion", react=True, learns=True,
                              learn_fn=lambda ctx, plan: reflexion.learn(ctx, plan, react=True)),
    "code_as_policy": Method("code_as_policy", react=False, learns=False, open_loop=True),
    "learnact": Method("learnact", react=False, learns=True, learn_fn=learnact.learn),
}


def get_method(name: str) -> Method:
    if name not in METHODS:
        raise ValueError(f"unknown method {name!r}; choose one of: {', '.join(METHODS)}")
    return METHODS[name]


def save_artifact(run, method: Method, artifact: Artifact) -> None:
    types = {}
    for task_type, spec in artifact.items():
        entry = {"react": spec.react, "usage": spec.usage, "reflections": list(spec.reflections), "round": None}
        if spec.library is not None:
            folder = run.path / "learn" / task_type
            rounds = list_rounds(folder)
            match = [n for n in rounds if load_round(folder, n).library.hash == spec.library.hash]
            entry["round"] = match[-1] if match else None
            entry["library_hash"] = spec.library.hash
        types[task_type] = entry
    run.write_json(ARTIFACT, {"method": method.name, "types": types})


def load_artifact(run_path: str | Path) -> tuple[str, Artifact]:
    """(method name, artifact) from a run directory written by `learn`."""
    from learnact_engine.run_dir import RunDir

    run = RunDir.open(run_path)
    data = run.read_json(ARTIFACT)
    artifact: Artifact = {}
    for task_type, entry in data.get("types", {}).items():
        library = None
        if entry.get("round") is not None:
            library = load_round(run.path / "learn" / task_type, int(entry["round"])).library
        artifact[task_type] = AgentSpec(react=bool(entry.get("react")), library=library,
                                        usage=entry.get("usage", ""), reflections=tuple(entry.get("reflections", ())))
    return data.get("method", ""), artifact
