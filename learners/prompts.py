"""The agent's prompt (the reference's structure, our words) and the parsing of its one-line reply.

    <instruction: the game's / type's own (learners.material) or the primitives' docs,
     then the learned actions with descriptions>
    [Here are the notes on the actions: ...]
    Here are examples:
    <usage example of the learned actions>          (LearnAct)
    <the hand-written Act (or ReAct) example of the game / type>
    You should perform actions to accomplish the goal: <goal>
    [Your action should follow this high level plan: <reflections>]  (Reflexion)
    Observation: ...
    Action: ...
    ...
    Action:                                          (Act; ReAct leaves the line open for Think)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from learnact_engine.envs.base import Primitive

THINK_REPLY = "OK."
_STOPWORDS = frozenset("""a an the is are am be been was were and or of to in on at with from by for as it its
this that these those you your there here not no nothing is into onto out up down can cannot do does done
have has had what which who when where how than then so if else but all any some each also very""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*(?: \d+)?")


@dataclass(frozen=True)
class Demonstration:
    """One solved task written as Python calls, with the env's real observations."""

    goal: str
    initial_observation: str
    steps: tuple[tuple[str, str], ...]  # (action line, observation)
    thought: str | None = None  # ReAct (expert replay only): one planning thought after the initial observation
    # ReAct: a hand-written example with a person's reasoning ("Think: ..." steps answered "OK.")
    react_goal: str | None = None
    react_initial_observation: str | None = None
    react_steps: tuple[tuple[str, str], ...] = ()

    def text(self, react: bool = False) -> str:
        if react and self.react_steps:
            goal, observation, steps = self.react_goal or self.goal, self.react_initial_observation, self.react_steps
            lines = [f"You should perform actions to accomplish the goal: {goal}",
                     f"Observation: {observation if observation is not None else self.initial_observation}"]
            return "\n".join(lines + history_lines(steps, 0))
        lines = [f"You should perform actions to accomplish the goal: {self.goal}",
                 f"Observation: {self.initial_observation}"]
        if react and self.thought:
            lines += [f"Think: {self.thought}", f"Observation: {THINK_REPLY}"]
        for action, observation in self.steps:
            lines += [f"Action: {action}", f"Observation: {observation}"]
        return "\n".join(lines)


def primitive_lines(primitives: Sequence[Primitive]) -> list[str]:
    return [f"    {p.signature()}: {p.doc}" for p in primitives]


def instruction(primitives: Sequence[Primitive], library=None, react: bool = False, base: str | None = None) -> str:
    """The agent's instruction: `base` (a game's own instruction, from learners.material) or the
    primitives' one-line docs, then one line per learned action, then the ReAct hint."""
    if base:
        lines = [base.rstrip()]
    else:
        lines = ["Interact with the environment by calling Python functions, one call per step, with string "
                 "arguments in double quotes. The available actions are:"]
        lines += primitive_lines(primitives)
    if base and library is not None and len(library.actions):
        lines.append("You can also call these actions:")
    if library is not None:
        for action in library.actions:
            lines.append(f"    {action.signature}: {action.description or action.docstring or 'a learned action.'}")
    if react:
        lines.append("You can also use 'Think: <your reasoning>' to plan before acting.")
    return "\n".join(lines)


def notes_section(library) -> str:
    if library is None:
        return ""
    noted = [a for a in library.actions if a.notes]
    if not noted:
        return ""
    lines = ["Here are the notes on the actions:"]
    lines += [f"    {a.signature}: {' '.join(a.notes)}" for a in noted]
    return "\n".join(lines)


def history_lines(history: Sequence[tuple[str, str]], memory: int) -> list[str]:
    """(action, observation) pairs as prompt lines; only the last `memory` items are kept."""
    items: list[str] = []
    for action, observation in history:
        items += [action if action.startswith("Think:") else f"Action: {action}", f"Observation: {observation}"]
    return items[-memory:] if memory > 0 else items


def agent_messages(*, system: str, primitives: Sequence[Primitive], library, usage: str,
                   demonstration: Demonstration | None, reflections: Sequence[str], goal: str,
                   initial_observation: str, history: Sequence[tuple[str, str]], memory: int,
                   react: bool, base_instruction: str | None = None, fit=None) -> list[dict]:
    """The agent's messages. `fit` (learners.budget.Fitter) drops the oldest history items until the
    prompt fits the model's window; the instruction, notes, examples and goal always stay."""
    parts = [instruction(primitives, library, react, base_instruction)]
    notes = notes_section(library)
    if notes:
        parts.append(notes)
    examples = [text for text in (usage.strip(), demonstration.text(react) if demonstration else "") if text]
    if examples:
        parts.append("Here are examples:\n" + "\n\n".join(examples))
    episode = [f"You should perform actions to accomplish the goal: {goal}"]
    if reflections:
        episode.append("Your action should follow this high level plan: " + "\n".join(reflections))
    items = [f"Observation: {initial_observation}"] + history_lines(history, memory)

    def render(kept: list[str]) -> list[dict]:
        user = "\n\n".join(parts + ["\n".join(episode + kept + ["" if react else "Action: "])])
        if not react:
            user = user.rstrip("\n ") + " "
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    return fit.fit(render, items, keep_first=1) if fit is not None else render(items)


def parse_agent_reply(text: str) -> tuple[str, str]:
    """(kind, content): kind "think" or "action"; the first line, "Action:" and a final "." stripped."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    if line.lower().startswith("think"):
        return "think", line.split(":", 1)[1].strip() if ":" in line else line[5:].strip()
    while line.lower().startswith("action:"):
        line = line[7:].strip()
    if line.endswith("."):
        line = line[:-1].rstrip()
    return "action", line


def argument_values(texts: Iterable[str], limit: int = 150) -> list[str]:
    """Candidate string arguments for constrained decoding: the names seen in goal/observations.

    Words (with an ALFWorld-style number, "countertop 1", kept as one value and also split),
    minus common English words, in first-seen order."""
    seen: dict[str, None] = {}
    for text in texts:
        for match in _WORD.finditer(text or ""):
            value = match.group(0).strip().rstrip("-")
            for candidate in (value, value.split(" ")[0]):
                if candidate.lower() not in _STOPWORDS and len(candidate) < 60:
                    seen.setdefault(candidate, None)
            if len(seen) >= limit:
                return list(seen)
    return list(seen)


def action_grammar(action_names: Sequence[str], values: Sequence[str], react: bool) -> str:
    from learnact_engine.llm.grammar import call_grammar

    call = call_grammar(action_names, values or None)
    if not react:
        return call
    renamed = call.replace("root ::=", "action ::=", 1)
    return 'root ::= "Think: " [^\\n]+ | action\n' + renamed
