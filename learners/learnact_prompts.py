"""The learner's prompts for LearnAct: creation, repair, description, usage, revision (spec §1.3-1.5).

Our own wording with the reference's structure and information. Every prompt opens with the
"zero-shot scene": the agent's instruction without learned actions and without a goal, plus one
example. The examples are the game's own (learners.material, via learners.knowledge); the generic
ones below are the fallback for a game without material.
"""

from __future__ import annotations

import re
from typing import Sequence

from learnact_engine.envs.base import Primitive
from learnact_engine.learners.prompts import Demonstration, instruction

NO_EXTRA = "No other interfaces are available: only the actions listed above (check_valid_actions does not exist)."

CREATION_EXAMPLE = {
    "robotic_planning": '''```python
def carry_to(room1, room2, obj, gripper):
    pick(obj, room1, gripper)
    move(room1, room2)
    drop(obj, room2, gripper)

# Usage Example
carry_to("rooma", "roomb", "ball1", "left")
```''',
    "alfworld": '''```python
import re

def parse_object_name(object_type, text):
    match = re.search(object_type + r"\\s*(\\d+)", text)
    return object_type + " " + match.group(1) if match else None

def find_at(obj, recep):
    observation = goto(recep)
    if "closed" in observation:
        observation = open(recep)
    name = parse_object_name(obj, observation)
    if name is not None:
        observation = take(name, recep)
    return observation

# Usage Example
find_at("mug", "countertop 1")
```''',
}

DESCRIPTION_EXAMPLE = ('def carry_to(room1, room2, obj, gripper): ...\n'
                       'Instruction: Carry obj from room1 to room2 with gripper. Robby must be in room1, the '
                       'ball in room1 and the gripper free; afterwards Robby and the ball are in room2.')

REVISION_EXAMPLES = """Example 1:
Failed reason: carry_to moved to room2 before picking the ball up, so the pick failed there.
Improve: Update: carry_to
Content:
```python
def carry_to(room1, room2, obj, gripper):
    pick(obj, room1, gripper)
    move(room1, room2)
    drop(obj, room2, gripper)
```
Test case:
```python
carry_to("rooma", "roomb", "ball1", "right")
```

Example 2:
Failed reason: the agent called stack_on before holding the block.
Improve: Plan: stack_on
Content: Call stack_on only when the block is held; pick it up first."""


GENERALITY = ("Keep every action general: it must work for any task of this kind, with every object, "
              "place and tool passed as a parameter, never the names of this one task.")


def zero_scene(primitives: Sequence[Primitive], demonstration: Demonstration | None, base: str | None = None) -> str:
    """The agent's prompt without learned actions and without a goal: instruction + one example."""
    text = instruction(primitives, base=base)
    if demonstration is not None:
        text += "\nHere are examples:\n" + demonstration.text()
    return text


def _example_call(primitives: Sequence[Primitive]) -> str:
    return f"{primitives[0].name}({', '.join(repr(p) for p in primitives[0].params)})" if primitives else ""


def creation_prompt(domain: str, zero: str, primitives: Sequence[Primitive], example: str | None = None) -> str:
    """`example`: the game's own creation example (learners.material); else the domain's generic one."""
    example = (example or CREATION_EXAMPLE.get(domain, CREATION_EXAMPLE["robotic_planning"])).strip()
    if domain == "alfworld":  # the reference's `decompose` wording
        ask = ("Propose the high-level steps that tasks like this one break into, and write each step as a "
               "general Python function")
    else:  # `free`
        ask = "Summarise the high-level steps of such tasks as general Python functions"
    return (
        f"{zero}\n\n"
        f"{ask}. Each function must call at least two of the actions above. Pass every value as a "
        "parameter; do not hard-code object names. The actions can be called directly, e.g. "
        f"{_example_call(primitives)}. {NO_EXTRA} "
        "Put all code in ```python blocks and end with one usage example call.\n\n"
        f"Example:\n{example}\n\n"
        "Now write your solution:\n"
    )


def repair_message(error: str) -> str:
    return f"Failed to execute the code due to the error: {error}. Please fix it and regenerate the whole response."


def description_prompt(zero: str, function_source: str, example: str | None = None) -> str:
    return (
        f"{zero}\n\nWrite the interface instruction of the given Python function: what it does, its "
        f"preconditions and its effects, in one paragraph.\nExample:\n{(example or DESCRIPTION_EXAMPLE).strip()}\n\n"
        f"{function_source.rstrip()}\nInstruction:"
    )


def usage_prompt(zero: str, library, demonstration: Demonstration | None, domain: str = "robotic_planning",
                 example: str | None = None) -> tuple[str, str]:
    """(prompt, prefix). The prompt shows the new functions' source and descriptions and an example
    episode that uses such functions (the game's material). ALFWorld (the reference's
    `together_complete` + `same_usage`) continues the agent example's own goal and observation: that
    prefix ends the prompt and is put before the answer. Robotic Planning (`together`) lets the
    learner pick a task of its own."""
    functions = "\n".join(f"    {a.signature}: {a.description}" for a in library.actions)
    prefix = ""
    if domain == "alfworld" and demonstration is not None:
        prefix = (f"You should perform actions to accomplish the goal: {demonstration.goal}\n"
                  f"Observation: {demonstration.initial_observation}\nAction:")
    shown = f"Here is an example of an episode that uses such functions:\n{example.strip()}\n\n" if example else ""
    if prefix:
        ask = ("Complete the task below using these functions where they help, alternating Action and "
               "Observation lines.")
    else:
        ask = ("Write an example episode of your own that uses these functions: a goal, the first "
               "observation, then alternating Action and Observation lines.")
    prompt = (f"{zero}\n\nThese new functions can now be called like actions:\n```python\n{library.source().rstrip()}\n```\n"
              f"{functions}\n\n{shown}{ask}" + (f"\n\n{prefix}" if prefix else "\n"))
    return prompt, prefix


def revision_prompt(*, zero: str, goal: str, library, context: str, error_info: str,
                    sub_trajectory: Sequence[Sequence[str]], primitives: Sequence[Primitive],
                    failing: str | None = None, examples: str | None = None) -> str:
    """`failing`: the learned function whose call failed; `examples`: the game's two worked
    revisions (learners.knowledge.revision_examples), else the generic ones."""
    calls = ", ".join(p.signature() for p in primitives)
    sub = "\n".join(f"Action: {command}\nObservation: {observation}" for command, observation in sub_trajectory)
    named = f"The function `{failing}` was called and failed" if failing else "A high-level function failed"
    return (
        f"{zero}\n\nYou should perform actions to accomplish the goal: {goal}\n"
        f"Call actions as Python functions: {calls}. {NO_EXTRA}\n"
        f"The high-level functions below were executed but failed. {named}. Find the step that went "
        "wrong and either fix the code (Update) or write a note on when and how to call the function "
        f"(Plan). {GENERALITY}\nAnswer in this format:\n"
        "Failed reason: <why it failed>\nImprove: <Update or Plan>: <the target function>\n"
        "Content: <for Update, the whole corrected function in a ```python block; for Plan, a note on "
        "when and how to call the function>\nTest case: <one call that tests the fix, in a ```python "
        "block> (only for Update)\n\n"
        f"{(examples or REVISION_EXAMPLES).strip()}\n\nNow the real failure.\n"
        f"The current functions:\n```python\n{library.source()}```\n\n"
        f"The context of the error:\n{context}\nError: {error_info}\n"
        f"The basic actions the failing call performed:\n{sub or '(none)'}\n\nFailed reason:"
    )


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text.strip())
    return match.group(1) if match else text.strip()


def revision_grammar(function_names: Sequence[str]) -> str:
    from learnact_engine.llm.grammar import gbnf_literal

    names = " | ".join(gbnf_literal(n) for n in function_names) or '"action"'
    return (
        'root ::= " " line "\\nImprove: " (update | plan)\n'
        'update ::= "Update: " name "\\nContent:\\n```python\\n" body "```"\n'
        'plan ::= "Plan: " name "\\nContent: " line\n'
        f"name ::= {names}\n"
        'line ::= [^\\n`]+\n'
        'body ::= ([^`] | "`" [^`] | "``" [^`])*\n'
    )


def parse_revision(text: str) -> tuple[str, str | None, str, str]:
    """(kind, target, content, reason): kind "plan" or "update"."""
    reason = text.split("Improve:", 1)[0].strip()
    match = re.search(r"Improve:\s*\[?\s*(Update|Plan)\s*:?\s*\[?\s*([A-Za-z_]\w*)?", text)
    kind = "plan" if match and match.group(1) == "Plan" else "update"
    target = match.group(2) if match else None
    content = text.split("Content:", 1)[1] if "Content:" in text else text
    if kind == "plan":
        content = content.split("Test case:", 1)[0].strip()
    return kind, target, content, reason
