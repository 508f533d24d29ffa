"""LearnAct (spec §1): create K candidate action sets, then evaluate -> score -> select -> revise.

Per task type: creation (K samples, each through the validity loop), a description per action and
one shared usage example; then up to `iterations + 1` evaluation rounds on the training tasks
(plus the selection tasks in the clean preset, which alone score the sets there); the best set is
written as round N with provenance; the learning stops when no training trajectory of the best set
has a failed learned-action call; otherwise the first such failure is revised K times (Update:
new code through the validity loop; Plan: a note), and the previous best stays a candidate.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from learnact_engine.actions import ActionLibrary
from learnact_engine.actions.store import Provenance, list_rounds, write_round
from learnact_engine.executor import is_failure
from learnact_engine.learners import learnact_prompts as prompts
from learnact_engine.learners.budget import PromptFailed, complete_learner
from learnact_engine.learners.codegen import generate_valid
from learnact_engine.learners.context import RunContext
from learnact_engine.learners.demonstrations import demonstration_for
from learnact_engine.learners.knowledge import (
    description_example_for, material_for, revision_examples, usage_example_text,
)
from learnact_engine.learners.output_caps import output_cap, was_cut_off
from learnact_engine.learners.episode import AgentSpec, EpisodeRequest, failed_step
from learnact_engine.learners.executors import run_episodes
from learnact_engine.learners.protocol import TaskPlan, scored_tasks
from learnact_engine.learners.scoring import score_records, select_best
from learnact_engine.feedback import sanitize


@dataclass(frozen=True)
class Candidate:
    library: ActionLibrary
    usage: str
    provenance: Provenance
    origin: str  # "creation k", "best", "revision k"

    def spec(self) -> AgentSpec:
        return AgentSpec(library=self.library, usage=self.usage)


def learn_root(repeat: int) -> str:
    """Where a learning run keeps its rounds: learn/ (the first), learn-r<N>/ (paper preset's others)."""
    return "learn" if repeat == 0 else f"learn-r{repeat}"


def learn(ctx: RunContext, plan: TaskPlan) -> dict[str, AgentSpec]:
    specs: dict[str, AgentSpec] = {}
    for task_type, tasks in sorted(plan.train.items()):
        if tasks:
            specs[task_type] = TypeLearner(ctx, plan, task_type).run()
    return specs


class TypeLearner:
    def __init__(self, ctx: RunContext, plan: TaskPlan, task_type: str):
        self.ctx, self.plan, self.task_type = ctx, plan, task_type
        self.settings = ctx.settings
        self.train = plan.train[task_type]
        self.select = plan.select.get(task_type, [])
        self.demo = demonstration_for(ctx, task_type, plan.train, scored_tasks(plan))
        self.material = material_for(self.settings.domain, task_type)
        self.repeat = ctx.repeat
        with ctx.envs.env() as env:
            env.reset(self.train[0])
            self.primitives = env.primitives()
        self.primitive_names = [p.name for p in self.primitives]
        self.zero = prompts.zero_scene(self.primitives, self.demo,
                                       self.material.instruction if self.material is not None else None)
        self.rounds: list[dict] = []

    # -- the loop --------------------------------------------------------------------------------
    def run(self) -> AgentSpec:
        ctx, settings = self.ctx, self.settings
        ctx.status(f"[{self.task_type}] creating {settings.samples} candidate action sets")
        candidates = [c for c in (self.create(k) for k in range(settings.samples)) if c is not None]
        if not candidates:
            ctx.status(f"[{self.task_type}] no valid action set after {settings.validity_tries} tries each: "
                       "the agent keeps the primitives only")
            self._save_round_record(0, [], [], None, stop="creation failed")
            return AgentSpec()
        best: Candidate | None = None
        for round_number in range(settings.iterations + 1):
            ctx.status(f"[{self.task_type}] round {round_number}: evaluating {len(candidates)} candidate set(s)")
            evaluations = [self.evaluate(c, round_number, i) for i, c in enumerate(candidates)]
            scores = [score_records(sel or train, settings.score_type) for train, sel in evaluations]
            best_index = select_best(scores)
            best = candidates[best_index]
            self._write_round(round_number, best)
            failure = self.first_failure(evaluations[best_index][0])
            stop = None if failure else "no failed learned-action call"
            if round_number == settings.iterations:
                stop = stop or "last round"
            self._save_round_record(round_number, candidates, scores, best_index, stop, evaluations)
            if stop:
                break
            revised = [self.revise(best, failure, k) for k in range(settings.samples)]
            candidates = [replace(best, origin="best")] + [c for c in revised if c is not None]
        return best.spec()

    # -- creation --------------------------------------------------------------------------------
    def _seed(self) -> int:
        """Base seed of this learning run (paper preset: one independent run per repeat)."""
        return (self.settings.seed + self.repeat) * 1000

    def creation_messages(self) -> list[dict]:
        example = self.material.creation_example if self.material is not None else None
        return [{"role": "system", "content": self.settings.system},
                {"role": "user", "content": prompts.creation_prompt(self.settings.domain, self.zero, self.primitives,
                                                                    example)}]

    def create(self, sample: int) -> Candidate | None:
        settings = self.settings
        seed = self._seed() + sample
        messages = self.creation_messages()
        result = generate_valid(self.ctx, messages, self.primitive_names, None, self.train[0], seed,
                                settings.sample_temperature, stage="creation")
        if result.library is None:
            return None
        library = self.describe(result.library)
        return Candidate(library, self.usage(library),
                         Provenance(task=self.train[0], reason=f"creation sample {sample}, attempt {result.attempts}"),
                         f"creation {sample}")

    def describe(self, library: ActionLibrary) -> ActionLibrary:
        """A description for every action that has none (new or replaced ones)."""
        for action in library.actions:
            if action.description:
                continue
            try:  # shortened to the learner model's window (learners.budget)
                completion = complete_learner(self.ctx.learner_llm, self.description_messages(action.source),
                                              preset=self.settings.preset, temperature=0.0, seed=self.settings.seed,
                                              max_tokens=output_cap(self.ctx, "description"))
            except PromptFailed:
                library = library.with_description(action.name, action.docstring or f"Calls {action.name}.")
                continue
            was_cut_off(self.ctx, "description", completion)
            # the reference keeps the whole answer, newlines removed
            text = " ".join(sanitize(completion.text, 2000).split()) or (action.docstring or f"Calls {action.name}.")
            library = library.with_description(action.name, text)
        return library

    def description_messages(self, source: str) -> list[dict]:
        example = description_example_for(self.settings.domain)
        return [{"role": "user", "content": prompts.description_prompt(self.zero, source, example)}]

    def usage_messages(self, library: ActionLibrary) -> tuple[list[dict], str]:
        prompt, prefix = prompts.usage_prompt(self.zero, library, self.demo, self.settings.domain,
                                              usage_example_text(self.material))
        return [{"role": "user", "content": prompt}], prefix

    def usage(self, library: ActionLibrary) -> str:
        messages, prefix = self.usage_messages(library)
        try:
            completion = complete_learner(self.ctx.learner_llm, messages, preset=self.settings.preset,
                                          temperature=0.0, seed=self.settings.seed,
                                          max_tokens=output_cap(self.ctx, "usage"))
        except PromptFailed:
            return ""  # no usage example: the agent still sees the actions' descriptions
        was_cut_off(self.ctx, "usage", completion)
        lines = [ln.rstrip() for ln in sanitize(prefix + completion.text, 8000).splitlines() if ln.strip()]
        return "\n".join(lines[:80])

    # -- evaluation ------------------------------------------------------------------------------
    def evaluate(self, candidate: Candidate, round_number: int, index: int) -> tuple[list[dict], list[dict]]:
        labels = {"round": round_number, "candidate": index, "learn_type": self.task_type}
        requests = [EpisodeRequest(task, self.task_type, candidate.spec(), self.demo, phase,
                                   self.settings.learn_max_steps, repeat=self.repeat, labels=labels)
                    for phase, tasks in (("learn", self.train), ("select", self.select)) for task in tasks]
        records = run_episodes(self.ctx, requests)
        return records[: len(self.train)], records[len(self.train):]

    @staticmethod
    def first_failure(records: list[dict]) -> tuple[dict, int] | None:
        """The first training trajectory (in order) with a failed learned call, and that step."""
        for record in records:
            index = failed_step(record)
            if index is not None:
                return record, index
        return None

    # -- revision --------------------------------------------------------------------------------
    def revision_messages(self, library: ActionLibrary, record: dict, index: int) -> list[dict]:
        steps = record["trajectory"]
        failing = steps[index]
        initial = record.get("initial_observation") or ""
        if self.settings.error_context == "full":
            context_lines = [f"Observation: {initial}"] if initial else []
            for step in steps[: index + 1]:
                context_lines += [step["action"] if step["action"].startswith("Think:") else f"Action: {step['action']}",
                                  f"Observation: {step['observation']}"]
            context = "\n".join(context_lines)
        else:  # the last valid observation (the initial one when nothing before was valid) + the call
            valid = [s["observation"] for s in steps[:index] if not is_failure(s["observation"])]
            state = valid[-1] if valid else initial
            context = (f"Observation: {state}\n" if state else "") + f"Action: {failing['action']}"
        prompt = prompts.revision_prompt(zero=self.zero, goal=record["goal"], library=library, context=context,
                                         error_info=prompts.first_sentence(failing["observation"]),
                                         sub_trajectory=failing.get("sub", []), primitives=self.primitives,
                                         failing=failing.get("name"), examples=revision_examples(self.material))
        return [{"role": "system", "content": self.settings.system}, {"role": "user", "content": prompt}]

    def revise(self, best: Candidate, failure: tuple[dict, int], sample: int) -> Candidate | None:
        settings = self.settings
        record, index = failure
        failing = record["trajectory"][index]
        error_info = prompts.first_sentence(failing["observation"])
        seed = self._seed() + 100 + sample
        grammar = prompts.revision_grammar(best.library.names) if settings.constrain and self.ctx.local_learner else None
        messages = self.revision_messages(best.library, record, index)
        try:
            completion = complete_learner(self.ctx.learner_llm, messages, preset=settings.preset,
                                          temperature=settings.sample_temperature, seed=seed,
                                          max_tokens=output_cap(self.ctx, "revision"), grammar=grammar)
        except PromptFailed:
            return None  # this revision sample is lost; the other samples and the previous best remain
        answer = completion.text
        cut = was_cut_off(self.ctx, "revision", completion)
        kind, target, content, reason = prompts.parse_revision(answer)
        feedback = f"{error_info} | " + "; ".join(f"{c} -> {o}" for c, o in failing.get("sub", []))[:1500]
        provenance = Provenance(task=record["task"], step=index, feedback=feedback,
                                reason=sanitize(reason, 500) or f"revision sample {sample}")
        if kind == "plan" and not cut:
            name = target if target in best.library else failing.get("name")
            if name not in best.library or not content.strip():
                return None
            library = best.library.with_note(name, sanitize(" ".join(content.split()), 500))
            return Candidate(library, best.usage, provenance, f"revision {sample} (plan)")
        # the test case runs against the task that failed (the reference's revision env)
        result = generate_valid(self.ctx, messages, self.primitive_names, best.library, record["task"], seed,
                                settings.sample_temperature, first_reply=answer, stage="revision", first_cut_off=cut)
        if result.library is None:
            return None
        library = self.describe(result.library)
        return Candidate(library, self.usage(library), provenance, f"revision {sample} (update)")

    # -- persistence -----------------------------------------------------------------------------
    def _store_dir(self) -> Path | None:
        return None if self.ctx.run is None else self.ctx.run.path / learn_root(self.repeat) / self.task_type

    def _write_round(self, number: int, best: Candidate) -> None:
        folder = self._store_dir()
        if folder is None or number in list_rounds(folder):
            return  # resumed: the round was written before the kill
        write_round(folder, number, best.library, best.provenance)

    def _save_round_record(self, number, candidates, scores, best_index, stop, evaluations=()) -> None:
        entry = {
            "type": self.task_type, "round": number, "best": best_index, "stop": stop,
            "train_tasks": self.train, "select_tasks": self.select,
            "candidates": [{"origin": c.origin, "library_hash": c.library.hash, "actions": list(c.library.names),
                            "score": s.to_dict(),
                            "train_success": [bool(r["success"]) for r in ev[0]],
                            "select_success": [bool(r["success"]) for r in ev[1]]}
                           for c, s, ev in zip(candidates, scores, evaluations)],
            "usage": candidates[best_index].usage if best_index is not None else "",
        }
        self.rounds.append(entry)
        if self.ctx.run is not None:
            self.ctx.run.write_json(f"{learn_root(self.repeat)}/{self.task_type}/round-{number:03d}.json", entry)
