"""From one agent action line to the observation the agent sees (the reference's rules, spec §1.7).

A line is parsed as one literal call. A primitive call is formatted into the domain's command and
stepped on the host (no code runs, so no sandbox is needed). A learned action runs in a sandbox
session that holds the current library; each primitive it calls is proxied back and steps the env
here. The observation is then built from the primitive sub-trajectory:

- mode "final" (Robotic Planning): the last sub-observation; if it says "not valid", the last valid
  sub-observation is appended after it;
- mode "concat" (ALFWorld): the non-error sub-observations joined, prefixed by the error message
  when the final sub-step failed;
- nothing changed (no primitive ran, or the text equals the pre-call observation): INVALID_NO_CHANGE;
- the code raised or hit a limit: INVALID_ERROR (the agent never sees a traceback; the learner does,
  through `StepOutcome.feedback`).

A line that is not a call falls back to stepping the raw text, as the reference's Act agent does.

Environment steps inside one learned call: the reference counts the call as one agent step and
caps nothing inside it (only its 10 s exec timeout bounds it). With `call_step_cap` set (the
clean preset: the episode's step cap), a primitive past the cap is refused with
CallStepCapReached and the outcome is marked `capped`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from learnact_engine.envs.base import TextEnv
from learnact_engine.feedback import sanitize
from learnact_engine.primitives import env_primitive_handlers
from learnact_engine.sandbox.call_expr import CallSyntaxError, parse_call
from learnact_engine.sandbox.sanitize import clean_line

FAILURE_MARK = "not valid"
INVALID_NO_CHANGE = ("The action is not valid and does not change any state. Please remember to satisfy the "
                     "restriction of actions. You can also check valid actions.")
INVALID_ERROR = ("The action is not valid and therefore takes no effect. Please remember to satisfy the "
                 "restriction of actions.")
OBSERVATION_MODES = ("final", "concat")
MAX_OBSERVATION_CHARS = 4000
MAX_LINE_CHARS = 2000  # an agent's action line
MAX_RECORDED_SUB_STEPS = 40  # primitive calls of one learned call kept in records and prompts
MAX_RECORDED_COMMAND_CHARS = 300
MAX_RECORDED_OBSERVATION_CHARS = 1000


class ExecutorError(Exception):
    """The library could not be loaded into the sandbox (it should have been validated first)."""


class CallStepCapReached(ValueError):
    """What learned code gets from a primitive once its call has used `call_step_cap` environment
    steps (the clean preset's rule); the step is not taken. A ValueError, so the sandbox relays it."""


class _CallCappedEnv:
    """The env as a learned call's primitives reach it: refuses steps past the executor's per-call cap."""

    def __init__(self, executor: "Executor") -> None:
        self._executor = executor

    def __getattr__(self, name: str):  # everything but `step` is the env's own
        return getattr(self._executor.env, name)

    def step(self, command: str):
        executor = self._executor
        cap = executor.call_step_cap
        if cap is not None and len(executor._steps) >= cap:
            executor._capped = True
            raise CallStepCapReached(f"this learned action already took {cap} environment steps, "
                                     f"the most one call may take")
        return executor.env.step(command)


def is_failure(observation: str) -> bool:
    return FAILURE_MARK in observation


@dataclass
class StepOutcome:
    action: str
    observation: str
    done: bool
    kind: str  # primitive | learned | raw
    name: str | None = None
    status: str | None = None  # sandbox status of a learned call
    sub_trajectory: list[tuple[str, str]] = field(default_factory=list)
    feedback: str | None = None  # traceback-style text of a failed learned call (for the learner)
    capped: bool = False  # a primitive was refused: the call had used its call_step_cap env steps

    @property
    def failed(self) -> bool:
        return is_failure(self.observation)

    def to_dict(self) -> dict:
        return {"action": self.action, "observation": self.observation, "done": self.done, "kind": self.kind,
                "name": self.name, "status": self.status, "sub": [list(s) for s in self.sub_trajectory],
                "feedback": self.feedback, **({"capped": True} if self.capped else {})}


def recorded(sub: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A sub-trajectory as episode records and revision prompts keep it: the last
    MAX_RECORDED_SUB_STEPS pairs, each side capped, with a note of what was left out."""
    kept = [(sanitize(c, MAX_RECORDED_COMMAND_CHARS), sanitize(o, MAX_RECORDED_OBSERVATION_CHARS))
            for c, o in sub[-MAX_RECORDED_SUB_STEPS:]]
    if len(sub) > MAX_RECORDED_SUB_STEPS:
        kept.insert(0, ("...", f"{len(sub) - MAX_RECORDED_SUB_STEPS} earlier primitive calls omitted"))
    return kept


def build_observation(sub_observations: list[str], pre_observation: str, mode: str) -> str:
    if not sub_observations:
        return INVALID_NO_CHANGE
    if mode == "final":
        observation = sub_observations[-1]
        if is_failure(observation):
            valid = [o for o in sub_observations[:-1] if not is_failure(o)]
            if valid:
                observation = f"{observation} {valid[-1]}"
    elif mode == "concat":
        observation = "".join(o for o in sub_observations if not is_failure(o))
        if is_failure(sub_observations[-1]):
            observation = sub_observations[-1] + observation
    else:
        raise ValueError(f"unknown observation mode {mode!r}; choose one of {OBSERVATION_MODES}")
    if observation.strip() == pre_observation.strip():
        return INVALID_NO_CHANGE
    return observation


class Executor:
    """Runs action lines against one env for one episode. Call `start` after `env.reset`."""

    def __init__(self, env: TextEnv, sandbox=None, library=None, mode: str = "final", seed: int = 0,
                 primitives_return: bool = True, call_step_cap: int | None = None):
        if mode not in OBSERVATION_MODES:
            raise ValueError(f"unknown observation mode {mode!r}; choose one of {OBSERVATION_MODES}")
        self.env, self.sandbox, self.library, self.mode, self.seed = env, sandbox, library, mode, seed
        self.primitives_return = primitives_return  # False: learned code gets None from primitives
        self._steps: list[tuple[str, str]] = []  # (command, observation) of the current learned call
        # env steps one learned call may take (None: no cap but the sandbox's own limits, as the reference)
        self.call_step_cap = call_step_cap
        self._capped = False
        self.session = None
        self.last_observation = ""
        self._done_seen = False

    @property
    def learned_names(self) -> tuple[str, ...]:
        return tuple(self.library.names) if self.library is not None else ()

    def start(self, initial_observation: str) -> None:
        self.last_observation = initial_observation
        self._done_seen = False
        if self.library is not None and len(self.library) > 0:
            if self.sandbox is None:
                raise ExecutorError("learned actions need a sandbox")
            self.session = self.sandbox.session(seed=self.seed)
            loaded = self.session.load(self.library.source(), env_primitive_handlers(
                _CallCappedEnv(self), self._on_step, return_observation=self.primitives_return))
            if not loaded.ok:
                self.close()
                raise ExecutorError(f"the sandbox refused the library: {loaded.message()}")

    def _on_step(self, command: str, observation: str, done: bool) -> None:
        # the last primitive's `done`, as the reference reads env.done after the call: a Robotic
        # Planning call that reaches the goal and leaves it again has not ended the episode
        # (ALFWorld's env keeps a won game won, so its `done` stays true)
        self._done_seen = bool(done)
        self._steps.append((command, observation))

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None

    # -- one step ------------------------------------------------------------------------------
    def execute(self, line: str) -> StepOutcome:
        # an agent's line is untrusted text: one clean, bounded line before anything uses it
        line = clean_line(line, MAX_LINE_CHARS).strip()
        try:
            call = parse_call(line)
        except CallSyntaxError:
            return self._raw(line)
        if call.name in self.learned_names:
            return self._learned(line, call)
        primitives = {p.name: p for p in self.env.primitives()}
        if call.name in primitives and not call.kwargs:
            try:
                command = primitives[call.name].command(call.args)
            except (TypeError, KeyError, ValueError):
                return self._finish(StepOutcome(line, INVALID_ERROR, False, "primitive", call.name))
            observation, done, _info = self.env.step(command)
            return self._finish(StepOutcome(line, observation, bool(done), "primitive", call.name,
                                            sub_trajectory=[(command, observation)]))
        return self._raw(line)

    def _raw(self, line: str) -> StepOutcome:
        observation, done, _info = self.env.step(line)
        return self._finish(StepOutcome(line, observation, bool(done), "raw", None, sub_trajectory=[(line, observation)]))

    def _learned(self, line: str, call) -> StepOutcome:
        self._done_seen = False
        self._steps = []
        self._capped = False
        result = self.session.call(call.name, call.args, call.kwargs)
        sub = [(p.command or f"{p.name}{tuple(p.args)!r}", sanitize(p.observation, MAX_OBSERVATION_CHARS))
               for p in result.primitive_calls]
        if not self.primitives_return:  # the code saw None: the env's own observations are the record
            sub = [(c, sanitize(o, MAX_OBSERVATION_CHARS)) for c, o in self._steps]
        done = self._done_seen or bool(self.env.won)
        if result.ok:
            observation = build_observation([o for _c, o in sub], self.last_observation, self.mode)
            return self._finish(StepOutcome(line, observation, done, "learned", call.name, result.status, recorded(sub),
                                            capped=self._capped))
        feedback = result.error.traceback if result.error else result.status
        return self._finish(StepOutcome(line, INVALID_ERROR, done, "learned", call.name, result.status, recorded(sub),
                                        feedback, capped=self._capped))

    def _finish(self, outcome: StepOutcome) -> StepOutcome:
        outcome.observation = sanitize(outcome.observation, MAX_OBSERVATION_CHARS)
        self.last_observation = outcome.observation
        return outcome


def run_lines(executor: Executor, lines: Iterable[str]) -> list[StepOutcome]:
    """Execute lines in order until the episode is done (used by open-loop policies and tests)."""
    outcomes = []
    for line in lines:
        outcomes.append(executor.execute(line))
        if outcomes[-1].done:
            break
    return outcomes
