"""ALFWorld primitives (the reference's Python-call actions) and the observation text rules.

Primitives map to the loaded game's own grammar: `put(obj, recep)` is `move {obj} to {recep}` in
current game files and `put {obj} in/on {recep}` in older ones (detected from the file).
"""

from __future__ import annotations

import re
from dataclasses import replace

from learnact_engine.envs.alfworld.gamefile import Grammar
from learnact_engine.envs.base import Primitive

# The reference's replacement for TextWorld's "Nothing happens." (learnact-method spec §1.8).
INVALID_ACTION_MESSAGE = (
    "The action is not valid and therefore takes no effect. "
    "Please remember to satisfy the restriction of actions."
)
_ARRIVE_AT_LOC = re.compile(r"^You arrive at loc \d+\.\s*")
_WELCOME = "-= Welcome to TextWorld, ALFRED! =-"
_TASK_PREFIX = "Your task is to: "


# An ALFWorld object or receptacle name: one word and its number ("countertop 1", "mug 2"); a
# bare word ("mug") is let through for the game to refuse, as the reference does.
OBJECT_FORM = r"[A-Za-z]+(?: \d+)?"


def primitives_for(grammar: Grammar) -> list[Primitive]:
    """The primitives, in the order the reference's instruction lists them; every argument must
    be one object name (OBJECT_FORM), so no argument can smuggle in another command."""
    return [replace(p, arg_form=OBJECT_FORM) for p in _primitives(grammar)]


def _primitives(grammar: Grammar) -> list[Primitive]:
    return [
        Primitive("goto", ("recep",), "Go to a receptacle, e.g. goto(\"countertop 1\"); shows what is on or in it.",
                  "go to {recep}"),
        Primitive("take", ("obj", "recep"), "Pick up an object from the receptacle you are at; hands must be empty.",
                  "take {obj} from {recep}"),
        Primitive("put", ("obj", "recep"), "Put the object you hold in or on the receptacle you are at "
                  "(open it first if it is closed).", grammar.put_template),
        Primitive("open", ("recep",), "Open a closed receptacle you are at (fridge, drawer, cabinet, ...).",
                  "open {recep}"),
        Primitive("close", ("recep",), "Close an open receptacle you are at.", "close {recep}"),
        Primitive("toggle", ("obj",), "Turn on/off a lamp at the receptacle you are at.", "use {obj}"),
        Primitive("use", ("obj",), "Use (switch on) a lamp at the receptacle you are at; same as toggle.",
                  "use {obj}"),
        Primitive("clean", ("obj", "recep"), "Clean the object you hold with a sinkbasin you are at.",
                  "clean {obj} with {recep}"),
        Primitive("heat", ("obj", "recep"), "Heat the object you hold with a microwave you are at.",
                  "heat {obj} with {recep}"),
        Primitive("cool", ("obj", "recep"), "Cool the object you hold with a fridge you are at.",
                  "cool {obj} with {recep}"),
        Primitive("examine", ("target",), "Examine a receptacle you are at or an object you hold.",
                  "examine {target}"),
        Primitive("inventory", (), "List what you are carrying.", "inventory"),
        Primitive("look", (), "Describe where you are and what is around you.", "look"),
    ]


def agent_observation(feedback: str) -> str:
    """What the agent sees for one engine feedback text (reference §3)."""
    text = feedback.strip()
    if text == "Nothing happens.":
        return INVALID_ACTION_MESSAGE
    return _ARRIVE_AT_LOC.sub("", text)  # older files say "You arrive at loc 12." first


def split_intro(intro: str) -> tuple[str, str]:
    """(goal, initial observation) from the game's intro text."""
    body = intro.replace(_WELCOME, "", 1).strip()
    observation, marker, goal = body.rpartition(_TASK_PREFIX)
    if not marker:
        raise ValueError("ALFWorld intro has no 'Your task is to:' line")
    return goal.strip(), observation.strip()
