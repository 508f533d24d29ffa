"""In-context material: the domain knowledge and worked examples every method's prompts carry.

One module per Robotic Planning game and per ALFWorld task type holds a `MATERIAL` (a
GameMaterial): the game's instruction (every primitive with its preconditions and effects), a
hand-written Act trajectory with one invalid action and its recovery, the same kind of task with
a person's reasoning (ReAct), a Reflexion one-shot, LearnAct's creation, usage and two revision
examples, and (Robotic Planning) a hierarchical code-as-policy program. Every example is written
on an instance outside every evaluated task set, in the environment's own words (the tests replay
them on the real environments). The texts are ours; the reference only fixed what each carries.

    from learnact_engine.learners.material import material, games, description_example
    m = material("robotic_planning", "gripper")
    m.instruction, m.act_example.steps[0], m.revision_update.content
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

DOMAINS = ("robotic_planning", "alfworld")
# The line between the failed episode and the reflection in every reflexion_example; a Reflexion
# prompt ends with it so the learner's reply is the reflection itself.
REFLECTION_LABEL = "Short prompt for future:"
_GAMES: dict[str, tuple[str, ...]] = {
    "robotic_planning": ("blockworld", "gripper", "tyreworld", "barman"),
    "alfworld": ("put", "clean", "heat", "cool", "examine", "puttwo"),
}
# ALFWorld's full task-type names (what the env's task_type() returns) -> the short names.
_ALIASES: dict[str, dict[str, str]] = {
    "robotic_planning": {},
    "alfworld": {
        "pick_and_place_simple": "put",
        "look_at_obj_in_light": "examine",
        "pick_clean_then_place_in_recep": "clean",
        "pick_heat_then_place_in_recep": "heat",
        "pick_cool_then_place_in_recep": "cool",
        "pick_two_obj_and_place": "puttwo",
    },
}


@dataclass(frozen=True)
class Trajectory:
    """A worked agent episode: goal, first observation, then (action line, observation) pairs.

    ReAct thoughts are steps whose action line starts with "Think: " and whose observation is "OK."."""

    goal: str
    initial_observation: str
    steps: tuple[tuple[str, str], ...]

    def text(self) -> str:
        """The episode as the agent's prompt shows one ("Action:"/"Observation:" lines)."""
        lines = [f"You should perform actions to accomplish the goal: {self.goal}",
                 f"Observation: {self.initial_observation}"]
        for action, observation in self.steps:
            lines += [action if action.startswith("Think:") else f"Action: {action}",
                      f"Observation: {observation}"]
        return "\n".join(lines)


@dataclass(frozen=True)
class RevisionExample:
    """One worked revision: what the learner sees about a failing call, and the answer it gives."""

    library: str  # source of the current actions (before the fix)
    state: str  # the context before the failing call (last valid observation, or the trajectory)
    call: str  # the failing call, e.g. 'carry_to("rooma", "roomb", "ball1", "left")'
    error: str  # the error observation the agent got
    sub_trajectory: tuple[tuple[str, str], ...]  # (primitive command in the env's words, observation)
    failed_reason: str  # the diagnosis
    improve: str  # "Update: <function>" or "Plan: <function>"
    content: str  # Update: a ```python block that really changes the code; Plan: the note text
    test_case: str  # Update: a ```python block with one call; Plan: ""

    @classmethod
    def at_end_of(cls, episode: Trajectory, **fields: object) -> "RevisionExample":
        """The revision of an episode whose last step is the failing call (call and error from it)."""
        call, error = episode.steps[-1]
        return cls(call=call, error=error, **fields)

    @classmethod
    def in_episode(cls, episode: Trajectory, failing_step: int, **fields: object) -> "RevisionExample":
        """The revision of step `failing_step` of an episode, with the episode so far as its state."""
        call, error = episode.steps[failing_step]
        state = Trajectory(episode.goal, episode.initial_observation, episode.steps[:failing_step]).text()
        return cls(state=state, call=call, error=error, **fields)

    @property
    def kind(self) -> str:
        return "update" if self.improve.startswith("Update:") else "plan"

    @property
    def target(self) -> str:
        return self.improve.split(":", 1)[1].strip()


def reflexion_text(failed: Trajectory, reflection: str) -> str:
    """A Reflexion one-shot: the failed episode, the label, then the reflection."""
    return f"{failed.text()}\n{REFLECTION_LABEL}\n{reflection}"


def library_of(creation: str) -> str:
    """The actions a creation example defines (its code block without the usage calls)."""
    return creation.split("```python\n", 1)[1].split("\n\n\n# Usage Example", 1)[0] + "\n"


def cap_text(goal: str, observation: str, program: str) -> str:
    """A code-as-policy example: the goal, the first observation and the whole program."""
    return f"Goal: {goal}\nObservation: {observation}\nAction:\n```python\n{program}```"


@dataclass(frozen=True)
class GameMaterial:
    domain: str  # "robotic_planning" | "alfworld"
    game: str  # Robotic Planning game or ALFWorld type short name
    instruction: str  # every primitive (exact Python name and params) with preconditions and effects
    act_example: Trajectory  # hand-written, with one invalid action and the recovery
    react_example: Trajectory  # the same kind of task with a person's reasoning at each decision
    reflexion_example: str  # a failed trajectory, then a free-form multi-line reflection
    creation_example: str  # a ```python block of 1-2 actions ending with '# Usage Example' calls
    usage_example: Trajectory  # an episode that calls the creation example's functions
    revision_update: RevisionExample
    revision_plan: RevisionExample
    cap_example: str | None  # RP: Goal + Observation + a hierarchical program; ALFWorld: None


def _check_domain(domain: str) -> str:
    if domain not in _GAMES:
        raise ValueError(f"no in-context material for domain {domain!r}; choose one of: {', '.join(DOMAINS)}")
    return domain


def games(domain: str) -> tuple[str, ...]:
    """The games (Robotic Planning) or task-type short names (ALFWorld) that have material."""
    return _GAMES[_check_domain(domain)]


def canonical_game(domain: str, game: str) -> str:
    """The short name for a game or ALFWorld task type (full ALFWorld type names are accepted)."""
    name = _ALIASES[_check_domain(domain)].get(game, game)
    if name not in _GAMES[domain]:
        raise ValueError(f"no in-context material for {domain} game/type {game!r}; "
                         f"choose one of: {', '.join(_GAMES[domain])}")
    return name


def material(domain: str, game: str) -> GameMaterial:
    """The in-context material of one game or task type; ValueError for unknown names."""
    name = canonical_game(domain, game)
    try:
        module = importlib.import_module(f"{__name__}.{domain}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{domain}.{name}":
            raise
        raise ValueError(f"the in-context material for {domain} {name!r} is not written yet") from None
    return module.MATERIAL


def description_example(domain: str) -> str:
    """One worked description per domain: a function signature and its "Instruction:" paragraph."""
    module = importlib.import_module(f"{__name__}.{_check_domain(domain)}")
    return module.DESCRIPTION_EXAMPLE


def example_games(domain: str) -> frozenset[str]:
    """The games (task folder/trial) behind a domain's examples; empty where the examples were
    written on hand-made instances (Robotic Planning). A run never scores one of these."""
    found: set[str] = set()
    for name in games(_check_domain(domain)):
        try:
            module = importlib.import_module(f"{__name__}.{domain}.{name}")
        except ModuleNotFoundError:
            continue
        found.update(getattr(module, "GAMES", {}).values())
    return frozenset(found)
