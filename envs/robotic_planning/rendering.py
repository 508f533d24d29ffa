"""AgentBoard's text for literals, goals and observations (pddl_env.py's `predicate_map`).

The reference table is a dict literal with duplicate keys; Python keeps the *last* entry, so
`clear` is "The {} is clear.", `holding` is "You are holding {}. " (barman's two-argument
`holding` prints only the hand), `free` is "{} is free. " and `move` is "Move from {} to {}. ".
TEMPLATES below is that resolved table, trailing spaces and missing full stops included:
they are visible in observations (double spaces after the join) and we reproduce them.
Predicates and operators without a template print as "name arg1 arg2".
Where LearnAct's copy of the table differs from AgentBoard's (barman's `used` fact ends with a
full stop there, so it is a sentence of its own), LearnAct's wins: the engine shows its text.
"""

from __future__ import annotations

from collections.abc import Iterable

from learnact_engine.envs.robotic_planning.pddl_model import Atom

TEMPLATES: dict[str, str] = {
    # blockworld
    "on": "{} is on {}.",
    "clear": "The {} is clear.",  # the hanoi entry overrides blockworld's "{} is clear."
    "arm-empty": "Your arm is empty.",
    "holding": "You are holding {}. ",  # the barman entry overrides blockworld's
    "on-table": "{} is on the table.",
    "putdown": "Putdown {}.",
    "stack": "Stack {} on {}.",
    "pickup": "Pickup {}.",
    "unstack": "Unstack {} from {}.",
    # tyreworld (and the unused vehicle/road entries of the same table)
    "vehicle-at": "The vehicle is at {}.",
    "changetire": "Change tire at {}",
    "spare-in": "The spare tire is in {}.",
    "road": "There is a road from {} to {}.",
    "movecar": "Move the car to {}.",
    "isopen": "{} is open.",
    "closed": "{} is closed.",
    "have": "You have {}.",
    "in": "{} is in {}.",
    "loose": "The nut {} on the hub {} is loose.",
    "tight": "The nut {} on the hub {} is tight.",
    "unlocked": "{} is unlocked.",
    "on-ground": "Hub {} is on the ground.",
    "not-on-ground": "Hub {} is not on the ground.",
    "inflated": "Wheel {} is inflated.",
    "not-inflated": "Wheel {} is not inflated.",
    "fastened": "Hub {} is fastened.",
    "unfastened": "Hub {} is unfastened.",
    "free": "{} is free. ",  # the gripper entry overrides tyreworld's "Hub {} is free."
    "intact": "Wheel {} is intact.",
    "open": "Open {}.",
    "close": "Close {}.",
    "fetch": "Fetch {} from {}.",
    "put-away": "Put-away {} in {}.",
    "loosen": "Loosen the nut {} on the hub {}.",
    "tighten": "Tighten the nut {} on the hub {}.",
    "jack-up": "jack-up the hub {}.",
    "jack-down": "Jack-down the hub {}.",
    "undo": "Undo the fastening of the nut {} on the hub {}.",
    "do-up": "Do-up the nut {} on the hub {}.",
    "remove-wheel": "Remove-wheel {} from the hub {}.",
    "put-on-wheel": "put-on-wheel {} on the hub {}.",
    "inflate": "Inflate the wheel {}.",
    # hanoi
    "smaller": "{} is smaller than {}.",
    # gripper
    "ball": "{} is a ball. ",
    "gripper": "{} is a gripper. ",
    "at-robby": "Robby is at {}. ",
    "at": "{} is at {}. ",
    "carry": "{} is carrying {}. ",
    "move": "Move from {} to {}. ",  # overrides hanoi's "Move {} to {}."
    "pick": "Pick up {} at {} with arm {}. ",
    # barman
    "ontable": "{} is on the table. ",
    "empty": "{} is empty. ",
    "contains": "{} contains {}. ",
    "clean": "{} is clean. ",
    "used": "Pour {} from a shot glass to a used shaker {}.",  # LearnAct's env closes it (AgentBoard's does not)
    "dispenses": "{} dispenses {}. ",
    "shaker-empty-level": "{} is at empty level {}. ",
    "shaker-level": "{} is at level {}. ",
    "next": "level {} is next to level {}. ",
    "unshaked": "{} is unshaked. ",
    "shaked": "{} is shaked. ",
    "cocktail-part1": "{} part1 ingredient is {}. ",
    "cocktail-part2": "{} part2 ingredient is {}. ",
    "grasp": "{} grasp {}. ",
    "leave": "{} leave {}. ",
    "fill-shot": "fill-shot glass {} with {} with {} and {} holding {}. ",
    "refill-shot": "refill-shot {} with {} with {} and {} holding {}. ",
    "empty-shot": "use hand {} to empty-shot glass {} with beverage {}. ",
    "clean-shot": "clean-shot glass {} with {} with hand {} holding shot glass and {}. ",
    "pour-shot-to-clean-shaker": "pour-shot-to-clean-shaker from a shot glass {} with {} to a "
    "clean shaker {} with hand {} from level {} to level {}",
    "pour-shot-to-used-shaker": "pour-shot-to-used-shaker from a shot glass {} with {} to a "
    "used shaker {} with hand {} from level {} to level {}",
    "empty-shaker": "use hand {} to empty-shaker {} with ingredient {} from level {} to level {}.",
    "clean-shaker": "use hand {} and hand {} to clean-shaker {}",
    "shake": "shake a cocktail {} with ingredient {} and ingredient {} in a shaker {} with hand {} "
    "and hand {}",
    "pour-shaker-to-shot": "pour-shaker-to-shot to a shot glass {} the ingredient {} with hand {} "
    "from shaker {} from level {} to level {}",
}

GOAL_PREFIX = "The goal is to satisfy the following conditions: "
GOAL_SATISFIED = " The goal is satisfied."


def literal_text(atom: Atom) -> str:
    """One literal (state fact or ground action) as the reference prints it, not capitalised."""
    name, args = atom[0], atom[1:]
    template = TEMPLATES.get(name)
    if template is not None:
        try:
            return template.format(*args)  # extra arguments are dropped, as str.format does
        except IndexError:
            pass  # a same-named predicate of smaller arity in another domain: print generically
    return name + " " + " ".join(args)


def goal_text(goal: Iterable[Atom]) -> str:
    return GOAL_PREFIX + ", ".join(sorted(literal_text(a) for a in goal))


def state_text(state: Iterable[Atom]) -> str:
    """Every true literal, capitalised (rest lowered), sorted case-sensitively, space-joined."""
    return " ".join(sorted(literal_text(a).capitalize() for a in state))
