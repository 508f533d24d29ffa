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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from learnact_engine.envs.base import TextEnv
from learnact_engine.feedback import sanitize
from learnact_engine.primitives import env_primitive_handlers
from learnact_engine.sandbox.call_expr import CallSyntaxError, parse_call

FAILURE_MARK = "not valid"
INVALID_NO_CHANGE = ("The action is not valid and does not change any state. Please remember to satisfy the "
                     "restriction of actions. You can also check valid actions.")
INVALID_ERROR = ("The action is not valid and therefore takes no effect. Please remember to satisfy the "
                 "restriction of actions.")
OBSERVATION_MODES = ("final", "concat")
MAX_OBSERVATION_CHARS = 4000


class ExecutorError(Exception):
    """The library could not be loaded into the sandbox (it should have been validated first)."""


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

    @property
    def failed(self) -> bool:
        return is_failure(self.observation)

    def to_dict(self) -> dict:
        return {"action": self.action, "observation": self.observation, "done": self.done, "kind": self.kind,
                "name": self.name, "status": self.status, "sub": [list(s) for s in self.sub_trajectory],
                "feedback": self.feedback}


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

    def __init__(self, env: TextEnv, sandbox=None, library=None, mode: str = "final", seed: int = 0):
        if mode not in OBSERVATION_MODES:
            raise ValueError(f"unknown observation mode {mode!r}; choose one of {OBSERVATION_MODES}")
        self.env, self.sandbox, self.library, self.mode, self.seed = env, sandbox, library, mode, seed
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
            loaded = self.session.load(self.library.source(), env_primitive_handlers(self.env, self._on_step))
            if not loaded.ok:
                self.close()
                raise ExecutorError(f"the sandbox refused the library: {loaded.message()}")

    def _on_step(self, _command: str, _observation: str, done: bool) -> None:
        self._done_seen = self._done_seen or bool(done)

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None

    # -- one step ------------------------------------------------------------------------------
    def execute(self, line: str) -> StepOutcome:
        line = line.strip()
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
        result = self.session.call(call.name, call.args, call.kwargs)
        sub = [(p.command or f"{p.name}{tuple(p.args)!r}", sanitize(p.observation, MAX_OBSERVATION_CHARS))
               for p in result.primitive_calls]
        done = self._done_seen or bool(self.env.won)
        if result.ok:
            observation = build_observation([o for _c, o in sub], self.last_observation, self.mode)
            return self._finish(StepOutcome(line, observation, done, "learned", call.name, result.status, sub))
        feedback = result.error.traceback if result.error else result.status
        return self._finish(StepOutcome(line, INVALID_ERROR, done, "learned", call.name, result.status, sub, feedback))

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
