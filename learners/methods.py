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
from learnact_engine.learners import learnact, reflexion
from learnact_engine.learners.learnact import learn_root
from learnact_engine.learners.context import RunContext
from learnact_engine.learners.demonstrations import demonstration_for
from learnact_engine.learners.episode import AgentSpec, EpisodeRequest
from learnact_engine.learners.executors import run_episodes
from learnact_engine.learners.protocol import TaskPlan, scored_tasks

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

    def test(self, ctx: RunContext, plan: TaskPlan, artifact) -> list[dict]:
        """Every test task, `repeats` times; with one artifact per repeat (the paper preset's
        independent learning runs) each repeat is tested with its own."""
        settings = ctx.settings
        requests = []
        for repeat in range(settings.repeats):
            own = artifact[repeat % len(artifact)] if isinstance(artifact, list) and artifact else artifact
            own = own if isinstance(own, dict) else {}
            for task, task_type in plan.test:
                requests.append(EpisodeRequest(task, task_type, self.spec_for(own, task_type),
                                               demonstration_for(ctx, task_type, plan.train, scored_tasks(plan)), "test",
                                               settings.max_steps, repeat=repeat))
        return run_episodes(ctx, requests, "program" if self.open_loop else "agent")


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


def _types_data(run, artifact: Artifact, repeat: int) -> dict:
    types = {}
    for task_type, spec in artifact.items():
        entry = {"react": spec.react, "usage": spec.usage, "reflections": list(spec.reflections), "round": None}
        if spec.library is not None:
            folder = run.path / learn_root(repeat) / task_type
            rounds = list_rounds(folder)
            match = [n for n in rounds if load_round(folder, n).library.hash == spec.library.hash]
            entry["round"] = match[-1] if match else None
            entry["library_hash"] = spec.library.hash
        types[task_type] = entry
    return types


def save_artifact(run, method: Method, artifact) -> None:
    """artifact.json: `types` (the first learning run's) and, with one artifact per repeat,
    `repeats` (each run's, rounds under learn/ and learn-r<N>/)."""
    artifacts = artifact if isinstance(artifact, list) else [artifact]
    data = {"method": method.name, "types": _types_data(run, artifacts[0] if artifacts else {}, 0)}
    if len(artifacts) > 1:
        data["repeats"] = [_types_data(run, a, r) for r, a in enumerate(artifacts)]
    run.write_json(ARTIFACT, data)


def _types_from_data(run, types: dict, repeat: int) -> Artifact:
    artifact: Artifact = {}
    for task_type, entry in types.items():
        library = None
        if entry.get("round") is not None:
            library = load_round(run.path / learn_root(repeat) / task_type, int(entry["round"])).library
        artifact[task_type] = AgentSpec(react=bool(entry.get("react")), library=library,
                                        usage=entry.get("usage", ""), reflections=tuple(entry.get("reflections", ())))
    return artifact


def load_artifact(run_path: str | Path):
    """(method name, artifact) from a run directory written by `learn`; the artifact is a list
    (one per repeat) when the run learned once per repeat."""
    from learnact_engine.run_dir import RunDir

    run = RunDir.open(run_path)
    data = run.read_json(ARTIFACT)
    if data.get("repeats"):
        return data.get("method", ""), [_types_from_data(run, t, r) for r, t in enumerate(data["repeats"])]
    return data.get("method", ""), _types_from_data(run, data.get("types", {}), 0)
