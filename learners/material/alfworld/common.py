"""What every ALFWorld task type shares: the primitives' instruction, the learner's library of
an observation-parsing helper plus a find-and-take action, and where the example games come from.

The example games are generated offline (envs.alfworld.generate) with EXAMPLE_SEED, a seed no
default task set uses; the tests regenerate them and replay every example on the real engine.
"""

EXAMPLE_SEED = 11011
EXAMPLE_COUNT = 12  # two games per task type

_PRIMITIVES = """\
You are in a household. Walk to receptacles (countertop 1, cabinet 3, fridge 1, ...) and handle \
the objects in them to finish the task. Objects and receptacles are named by type and number, \
e.g. "mug 2"; always use the full name exactly as the observation shows it.
The actions are Python functions; call one per step with string arguments:
    goto(recep): go to a receptacle you are not already at. Effect: you are at recep and see what \
is on or in it, or that it is closed.
    take(obj, recep): pick up obj from recep. Preconditions: you are at recep, obj is visible there \
(open a closed receptacle first) and your hands are empty. Effect: you hold obj.
    put(obj, recep): put the held obj in or on recep. Preconditions: you hold obj, you are at recep \
and recep is open if it can be closed. Effect: obj is in or on recep and your hands are empty.
    open(recep): open a closed receptacle you are at (fridge, microwave, cabinet, drawer, safe, \
...). Effect: it is open and you see what is inside.
    close(recep): close an open receptacle you are at.
    toggle(obj): switch a lamp at your location on or off. use(obj) does the same.
    clean(obj, recep): clean the held obj with a sinkbasin recep you are at. Effect: obj is clean.
    heat(obj, recep): heat the held obj with a microwave recep you are at. Effect: obj is hot.
    cool(obj, recep): cool the held obj with a fridge recep you are at. Effect: obj is cool.
    examine(target): look closely at the receptacle you are at or the object you hold.
    inventory(): list what you are carrying.
    look(): describe where you are and what is around you.
You can hold one object at a time. An action whose preconditions do not hold is not valid and \
changes nothing."""


def instruction(task_note: str) -> str:
    """The shared primitives text followed by what this task type asks for."""
    return f"{_PRIMITIVES}\n{task_note}"


# The learner's library for every type: a parsing helper and a find-and-take action.
LIBRARY = '''\
import re


def object_id(obj_type, text):
    match = re.search(r"\\b(" + obj_type + r" \\d+)\\b", text)
    if match is None:
        return None
    return match.group(1)


def find_and_take(obj_type, receps):
    observation = ""
    for recep in receps:
        observation = goto(recep)
        if "is closed" in observation:
            observation = open(recep)
        name = object_id(obj_type, observation)
        if name is not None:
            return take(name, recep)
    return observation
'''


def creation_example(usage_calls: str) -> str:
    """The creation example: the library in a ```python block, then its usage calls."""
    return f"```python\n{LIBRARY}\n\n# Usage Example\n{usage_calls.strip()}\n```"

