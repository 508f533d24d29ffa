"""The primitives each game exposes to agents and learned actions (the reference's Python API).

Names and parameter order follow the reference: `Pickup/Putdown/Stack/Unstack` for blockworld,
`move/pick/drop` for gripper, snake_case operator names for tyreworld and barman, parameters in
PDDL order. Each primitive sends a command string through the same parser an agent's raw text
goes through. A domain outside the four games gets primitives derived from its operators.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable
from dataclasses import replace

from learnact_engine.envs.base import Primitive
from learnact_engine.envs.robotic_planning.pddl_model import Domain, Operator

# game -> operator -> (python name, parameter names, command template, one-line doc)
_GAME_PRIMITIVES: dict[str, dict[str, tuple[str, tuple[str, ...], str, str]]] = {
    "blockworld": {
        "pickup": ("Pickup", ("block",), "pickup {block}",
                   "Pick up a clear block from the table; the arm must be empty."),
        "putdown": ("Putdown", ("block",), "putdown {block}",
                    "Put the held block down on the table."),
        "stack": ("Stack", ("block1", "block2"), "stack {block1} on {block2}",
                  "Stack the held block1 on the clear block2."),
        "unstack": ("Unstack", ("block1", "block2"), "unstack {block1} from {block2}",
                    "Take the clear block1 off block2; the arm must be empty."),
    },
    "gripper": {
        "move": ("move", ("r1", "r2"), "move from {r1} to {r2}",
                 "Move Robby from room r1 (where he is) to room r2."),
        "pick": ("pick", ("obj", "room", "gripper"), "pick up {obj} at {room} with arm {gripper}",
                 "Pick up ball obj in room (where Robby is) with a free gripper."),
        "drop": ("drop", ("obj", "room", "gripper"), "drop {obj} {room} {gripper}",
                 "Drop ball obj carried by gripper in room (where Robby is)."),
    },
    "tyreworld": {
        "open": ("open", ("container",), "open {container}", "Open an unlocked, closed container."),
        "close": ("close", ("container",), "close {container}", "Close an open container."),
        "fetch": ("fetch", ("obj", "container"), "fetch {obj} {container}",
                  "Take obj out of an open container."),
        "put-away": ("put_away", ("obj", "container"), "put-away {obj} {container}",
                     "Put a held obj into an open container."),
        "loosen": ("loosen", ("nut", "hub"), "loosen {nut} {hub}",
                   "Loosen a tight nut on a hub on the ground; needs the wrench."),
        "tighten": ("tighten", ("nut", "hub"), "tighten {nut} {hub}",
                    "Tighten a loose nut on a hub on the ground; needs the wrench."),
        "jack-up": ("jack_up", ("hub",), "jack-up {hub}",
                    "Jack up a hub on the ground; needs the jack (which stays under the hub)."),
        "jack-down": ("jack_down", ("hub",), "jack-down {hub}",
                      "Lower a jacked-up hub; you get the jack back."),
        "undo": ("undo", ("nut", "hub"), "undo {nut} {hub}",
                 "Remove a loose nut from a jacked-up, fastened hub; needs the wrench."),
        "do-up": ("do_up", ("nut", "hub"), "do-up {nut} {hub}",
                  "Put a held nut back on a jacked-up, unfastened hub; needs the wrench."),
        "remove-wheel": ("remove_wheel", ("wheel", "hub"), "remove-wheel {wheel} {hub}",
                         "Take a wheel off a jacked-up, unfastened hub."),
        "put-on-wheel": ("put_on_wheel", ("wheel", "hub"), "put-on-wheel {wheel} {hub}",
                         "Put a held wheel on a free, jacked-up, unfastened hub."),
        "inflate": ("inflate", ("wheel",), "inflate {wheel}",
                    "Inflate an intact, uninflated wheel; needs the pump."),
    },
    "barman": {
        "grasp": ("grasp", ("hand", "container"), "grasp {hand} {container}",
                  "Take a container from the table with an empty hand."),
        "leave": ("leave", ("hand", "container"), "leave {hand} {container}",
                  "Put the container held in hand on the table."),
        "fill-shot": ("fill_shot", ("shot", "ingredient", "hand1", "hand2", "dispenser"),
                      "fill-shot {shot} {ingredient} {hand1} {hand2} {dispenser}",
                      "Fill a clean, empty shot held in hand1 from a dispenser; hand2 empty."),
        "refill-shot": ("refill_shot", ("shot", "ingredient", "hand1", "hand2", "dispenser"),
                        "refill-shot {shot} {ingredient} {hand1} {hand2} {dispenser}",
                        "Refill an empty shot used for this ingredient; held in hand1, hand2 "
                        "empty."),
        "empty-shot": ("empty_shot", ("hand", "shot", "beverage"),
                       "empty-shot {hand} {shot} {beverage}",
                       "Empty the held shot of its beverage."),
        "clean-shot": ("clean_shot", ("shot", "beverage", "hand1", "hand2"),
                       "clean-shot {shot} {beverage} {hand1} {hand2}",
                       "Clean an empty used shot held in hand1; hand2 empty."),
        "pour-shot-to-clean-shaker": (
            "pour_shot_to_clean_shaker",
            ("shot", "ingredient", "shaker", "hand1", "level1", "level2"),
            "pour-shot-to-clean-shaker {shot} {ingredient} {shaker} {hand1} {level1} {level2}",
            "Pour the held shot into a clean empty shaker, raising it from level1 to level2."),
        "pour-shot-to-used-shaker": (
            "pour_shot_to_used_shaker",
            ("shot", "ingredient", "shaker", "hand1", "level1", "level2"),
            "pour-shot-to-used-shaker {shot} {ingredient} {shaker} {hand1} {level1} {level2}",
            "Pour the held shot into an unshaked shaker, raising it from level1 to level2."),
        "empty-shaker": ("empty_shaker", ("hand", "shaker", "cocktail", "level1", "level2"),
                         "empty-shaker {hand} {shaker} {cocktail} {level1} {level2}",
                         "Empty a held shaked shaker from level1 to its empty level2."),
        "clean-shaker": ("clean_shaker", ("hand1", "hand2", "shaker"),
                         "clean-shaker {hand1} {hand2} {shaker}",
                         "Clean an empty shaker held in hand1; hand2 empty."),
        "shake": ("shake", ("cocktail", "ingredient1", "ingredient2", "shaker", "hand1", "hand2"),
                  "shake {cocktail} {ingredient1} {ingredient2} {shaker} {hand1} {hand2}",
                  "Shake the cocktail's two ingredients in the shaker held in hand1; hand2 empty."),
        "pour-shaker-to-shot": (
            "pour_shaker_to_shot", ("beverage", "shot", "hand", "shaker", "level1", "level2"),
            "pour-shaker-to-shot {beverage} {shot} {hand} {shaker} {level1} {level2}",
            "Pour a shaked shaker held in hand into a clean empty shot, level1 down to level2."),
    },
}


def _identifier(name: str) -> str:
    ident = re.sub(r"\W", "_", name)
    if not ident or ident[0].isdigit() or keyword.iskeyword(ident):
        ident = "_" + ident if ident and ident[0].isdigit() else ident + "_"
    return ident


def _generic(op: Operator) -> Primitive:
    params: list[str] = []
    for var, _type in op.params:
        name = _identifier(var)
        while name in params:
            name += "_"
        params.append(name)
    template = " ".join([op.name, *("{" + p + "}" for p in params)])
    typed = ", ".join(f"{p}: {t}" for p, (_v, t) in zip(params, op.params))
    pre = " ".join("(" + " ".join(a) + ")" for a in op.pre) or "nothing"
    doc = f"PDDL operator {op.name}({typed}); requires {pre}."
    return Primitive(_identifier(op.name), tuple(params), doc, template)


# A PDDL object name as the command parser reads it: one token.
OBJECT_FORM = r"[A-Za-z][A-Za-z0-9_\-]*"


def primitives_for(game: str, domain: Domain, objects: Iterable[str] | None = None) -> list[Primitive]:
    """The game's reference primitives when its operators match, else ones derived from PDDL.
    With the task's `objects`, every argument must be one of them (typed arguments: an argument
    naming an operator, or holding several words, can never make the parser run another action)."""
    table = _GAME_PRIMITIVES.get(game, {})
    names = frozenset(o.lower() for o in objects) if objects is not None else None
    result = []
    for op in domain.operators:
        entry = table.get(op.name)
        if entry is not None and len(entry[1]) == op.arity:
            name, params, template, doc = entry
            result.append(Primitive(name, params, doc, template, OBJECT_FORM, names))
        else:
            result.append(replace(_generic(op), arg_form=OBJECT_FORM, names=names))
    return result
