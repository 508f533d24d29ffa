"""The per-game / per-type in-context material (learners.material) as the prompts use it.

`material_for(domain, task_type)` is the GameMaterial of a Robotic Planning game or an ALFWorld
task type, or None for a game without material (a test double's world, a new domain): then the
prompts fall back to the primitives' one-line docs and the generic examples. The renderers here
turn material into prompt text (one place, so the learner and `learnact-engine prompts` agree).
"""

from __future__ import annotations

from typing import Any

from learnact_engine.learners.prompts import Demonstration


def material_for(domain: str, task_type: str | None) -> Any:
    """The GameMaterial for a game/type, or None when there is none."""
    if not task_type:
        return None
    try:
        from learnact_engine.learners import material as material_pkg

        return material_pkg.material(domain, task_type)
    except (ImportError, ValueError, AttributeError, KeyError):
        return None


def description_example_for(domain: str) -> str | None:
    try:
        from learnact_engine.learners import material as material_pkg

        return material_pkg.description_example(domain)
    except (ImportError, ValueError, AttributeError, KeyError):
        return None


def demonstration_from(material: Any) -> Demonstration:
    """The hand-written Act example, with the ReAct example's steps (Think lines) beside it."""
    act, react = material.act_example, material.react_example
    return Demonstration(act.goal, act.initial_observation, tuple(tuple(s) for s in act.steps),
                         react_goal=react.goal, react_initial_observation=react.initial_observation,
                         react_steps=tuple(tuple(s) for s in react.steps))


def _trajectory_lines(steps) -> list[str]:
    lines = []
    for action, observation in steps:
        lines += [action if action.startswith("Think:") else f"Action: {action}", f"Observation: {observation}"]
    return lines


def render_revision_example(number: int, example: Any) -> str:
    """One worked revision: what the learner is shown about the failure, then the answer."""
    sub = "\n".join(f"Action: {command}\nObservation: {observation}" for command, observation in example.sub_trajectory)
    state = example.state.strip()
    if not state.startswith(("Observation:", "You should", "Action:")):
        state = f"Observation: {state}"
    answer = [f"Failed reason: {example.failed_reason.strip()}", f"Improve: {example.improve.strip()}"]
    if example.kind == "update":
        answer.append(f"Content:\n{example.content.strip()}")
        if example.test_case.strip():
            answer.append(f"Test case:\n{example.test_case.strip()}")
    else:
        answer.append(f"Content: {example.content.strip()}")
    return (f"Example {number}:\nThe current functions:\n```python\n{example.library.strip()}\n```\n"
            f"The context of the error:\n{state}\nAction: {example.call.strip()}\n"
            f"Error: {example.error.strip()}\n"
            f"The basic actions the failing call performed:\n{sub or '(none)'}\n" + "\n".join(answer))


def revision_examples(material: Any) -> str | None:
    if material is None:
        return None
    return "\n\n".join((render_revision_example(1, material.revision_update),
                        render_revision_example(2, material.revision_plan)))


def usage_example_text(material: Any) -> str | None:
    return None if material is None else material.usage_example.text()
