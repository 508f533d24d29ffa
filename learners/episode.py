"""The one episode loop every method uses: same step cap, same success definition (`env.won`).

An episode's record goes to the run directory's episodes.jsonl when it finishes; with a run
directory, an episode whose key is already there is not run again (this is what --resume uses).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from learnact_engine.executor import Executor, is_failure
from learnact_engine.learners.budget import PromptFailed, complete_fitted
from learnact_engine.learners.context import RunContext, fingerprint
from learnact_engine.llm.accounting import CONTEXT_EVENTS, REPLY_PROBLEMS
from learnact_engine.learners.output_caps import output_cap, was_cut_off
from learnact_engine.learners.prompts import (
    THINK_REPLY,
    Demonstration,
    action_grammar,
    agent_messages,
    argument_values,
    parse_agent_reply,
)


def base_instruction(domain: str, task_type: str) -> str | None:
    """The game's / type's own instruction (learners.material), None without material."""
    from learnact_engine.learners.knowledge import material_for

    found = material_for(domain, task_type)
    return found.instruction if found is not None else None


def prompt_key(messages: list[dict], call: dict) -> str:
    """The cassette key of a call (what `learnact-engine prompts --from-run` looks up)."""
    from learnact_engine.llm.cassette import request_key
    from learnact_engine.llm.types import build_request

    return request_key(build_request(messages, call["stop"], call["temperature"], call["seed"],
                                     call["max_tokens"], call["grammar"]))


@dataclass(frozen=True)
class AgentSpec:
    """What a test-time agent is given: the artifact of a method's learning for one task type."""

    react: bool = False
    library: object = None  # ActionLibrary or None
    usage: str = ""
    reflections: tuple[str, ...] = ()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.react, self.library.hash if self.library is not None else None, self.usage,
                           list(self.reflections))


@dataclass(frozen=True)
class EpisodeRequest:
    task: str
    task_type: str
    spec: AgentSpec
    demonstration: Demonstration | None
    phase: str  # learn | select | test
    max_steps: int
    repeat: int = 0
    labels: dict = field(default_factory=dict)  # round, candidate... (for records and reports)

    @property
    def key(self) -> str:
        return f"{self.phase}|{self.spec.fingerprint}|{self.task}|{self.max_steps}|{self.repeat}"


def run_episode(ctx: RunContext, request: EpisodeRequest) -> dict:
    """Run (or, when already recorded, recall) one episode; returns its record."""
    done = recorded_episode(ctx, request)
    if done is not None:
        return done
    settings = ctx.settings
    with started_episode(ctx, request) as begun:
        env, goal, observation, seed = begun.env, begun.goal, begun.observation, begun.seed
        primitives = env.primitives()
        spec = request.spec
        executor = Executor(env, ctx.sandbox, spec.library, settings.observation_mode, seed=seed,
                            primitives_return=settings.primitives_return, call_step_cap=settings.call_step_cap)
        executor.start(observation)
        history: list[tuple[str, str]] = []
        trajectory: list[dict] = []
        names = [p.name for p in primitives] + list(executor.learned_names)
        seen_texts = [goal, observation]
        base = base_instruction(settings.domain, request.task_type)
        cap = output_cap(ctx, "agent")
        prompt = dict(system=settings.system, primitives=primitives, library=spec.library, usage=spec.usage,
                      demonstration=request.demonstration, reflections=spec.reflections, goal=goal,
                      initial_observation=observation, history=history, memory=settings.memory, react=spec.react,
                      base_instruction=base)
        sent: dict = {}

        def build(fit) -> list[dict]:  # the prompt fitted to the model's window (learners.budget)
            sent["messages"] = agent_messages(**prompt, fit=fit)
            return sent["messages"]

        status, problem = "finished", None
        try:
            for _step in range(request.max_steps):
                grammar = action_grammar(names, argument_values(seen_texts), spec.react) if settings.constrain else None
                call = dict(stop=["\n"], temperature=0.0, seed=seed, max_tokens=cap, grammar=grammar)
                try:
                    completion = complete_fitted(ctx.llm, build, preset=settings.preset, sent=sent, **call)
                except PromptFailed as exc:  # this episode ends; the run goes on
                    status, problem = exc.status, str(exc)
                    ctx.status(f"[{request.task_type}] {request.task}: episode ended ({status}): {problem}"[:300])
                    break
                messages = sent["messages"]  # as sent (fitted to the window)
                was_cut_off(ctx, "agent", completion)
                llm_key = prompt_key(messages, call)
                kind, content = parse_agent_reply(completion.text)
                if kind == "think":
                    history.append((f"Think: {content}", THINK_REPLY))
                    trajectory.append({"action": f"Think: {content}", "observation": THINK_REPLY, "kind": "think",
                                       "llm_key": llm_key})
                    continue
                outcome = executor.execute(content)
                if outcome.kind == "raw":  # not a call of a known action
                    ctx.llm.ledger.note("unparseable")
                history.append((outcome.action, outcome.observation))
                trajectory.append({**outcome.to_dict(), "llm_key": llm_key})
                seen_texts.append(outcome.observation)
                if outcome.done or env.won:
                    break
        finally:
            executor.close()
        won = bool(env.won)
        progress = env.progress
    record = episode_record(ctx, request, begun.started, goal=goal, initial_observation=observation, success=won,
                            progress=progress, trajectory=trajectory,
                            library_hash=spec.library.hash if spec.library is not None else None,
                            status=status, **({"problem": problem} if problem else {}))
    return finish_episode(ctx, record)


@dataclass(frozen=True)
class EpisodeStart:
    env: object  # the TextEnv, reset to the request's task
    goal: str
    observation: str
    seed: int
    started: float  # time.monotonic() at the start, for elapsed_s


@contextmanager
def started_episode(ctx: RunContext, request: EpisodeRequest) -> Iterator[EpisodeStart]:
    """An env reset to the request's task, with its LLM calls counted under the episode's key."""
    started = time.monotonic()
    with ctx.envs.env() as env, ctx.llm.ledger.episode(request.key):
        goal, observation = env.reset(request.task)
        yield EpisodeStart(env, goal, observation, ctx.settings.seed + request.repeat, started)


def recorded_episode(ctx: RunContext, request: EpisodeRequest) -> dict | None:
    """The episode's record when a resumed run already finished it (one cut short by a failed LLM
    request is run again)."""
    record = ctx.run.lookup(request.key) if ctx.run is not None else None
    return None if record is not None and record.get("status") == "llm_error" else record


def episode_record(ctx: RunContext, request: EpisodeRequest, start: float, *, trajectory: list[dict], **fields) -> dict:
    """The fields every method's episode line has (episodes.jsonl), plus the method's own."""
    totals = ctx.llm.ledger.episode_totals(request.key)
    context = ctx.llm.ledger.note_counts(CONTEXT_EVENTS, episode=request.key)
    return {
        "reply_problems": ctx.llm.ledger.note_counts(REPLY_PROBLEMS, episode=request.key),
        **({"context": context} if context else {}),
        "key": request.key, "phase": request.phase, "method": ctx.settings.method, "task": request.task,
        "task_type": request.task_type, "repeat": request.repeat, "steps": len(trajectory),
        "max_steps": request.max_steps, "call_step_cap": ctx.settings.call_step_cap, "agent": request.spec.fingerprint,
        "tokens": totals.prompt_tokens + totals.completion_tokens,
        "cached_tokens": totals.cached_prompt_tokens + totals.cached_completion_tokens,
        "cost_usd": totals.cost_usd, "elapsed_s": round(time.monotonic() - start, 3),
        **fields, "trajectory": trajectory, **request.labels,
    }


def finish_episode(ctx: RunContext, record: dict) -> dict:
    if ctx.run is not None:
        ctx.run.append_episode(record)
    if ctx.on_episode is not None:
        ctx.on_episode(record)
    return record


def failed_step(record: dict) -> int | None:
    """Index of the first step that called a learned action and failed, or None."""
    for index, step in enumerate(record.get("trajectory", [])):
        if step.get("kind") == "learned" and is_failure(step.get("observation", "")):
            return index
    return None
