"""Random problem generators for the four games, in the size ranges of the AgentBoard suite.

Each generator takes a `random.Random` and a size and returns PDDL problem text for the built-in
domain. Instances are solvable by construction (any block configuration is reachable; balls,
wheels and cocktails only need the tools every instance provides) and their goals never hold in
the initial state; tests confirm solvability with the planner.
"""

from __future__ import annotations

import random
from collections.abc import Callable


def _problem(name: str, domain: str, objects: str, init: list[str], goal: list[str]) -> str:
    lines = [f"(define (problem {name})", f"  (:domain {domain})", f"  (:objects {objects})"]
    lines.append("  (:init\n" + "\n".join(f"    {fact}" for fact in init) + ")")
    lines.append("  (:goal (and\n" + "\n".join(f"    {fact}" for fact in goal) + ")))")
    return "\n".join(lines) + "\n"


def _random_towers(rng: random.Random, blocks: list[str]) -> list[list[str]]:
    order = blocks[:]
    rng.shuffle(order)
    towers: list[list[str]] = []
    for block in order:
        if towers and rng.random() < 0.6:
            rng.choice(towers).append(block)
        else:
            towers.append([block])
    return towers


def blockworld(rng: random.Random, size: int) -> str:
    """`size` blocks (3..7); goal: 2..size-1 `on` facts of a random target configuration."""
    blocks = [f"b{i}" for i in range(1, size + 1)]
    init = ["(arm-empty)"]
    for tower in _random_towers(rng, blocks):
        init.append(f"(on-table {tower[0]})")
        init += [f"(on {upper} {lower})" for lower, upper in zip(tower, tower[1:])]
        init.append(f"(clear {tower[-1]})")
    while True:
        target = [f"(on {u} {lo})" for t in _random_towers(rng, blocks) for lo, u in zip(t, t[1:])]
        missing = [fact for fact in target if fact not in init]
        if len(target) >= 2 and missing:
            break
    count = rng.randint(2, max(2, min(len(target), size - 1)))
    goal = sorted(rng.sample(target, count) if len(target) > count else target)
    if all(fact in init for fact in goal):
        goal = sorted(set(goal[1:]) | {missing[0]})
    return _problem("bw-generated", "blocksworld-4ops", " ".join(blocks), init, goal)


def gripper(rng: random.Random, size: int) -> str:
    """`size` balls (4..12) spread over rooma/roomb; goal: every ball in a chosen room."""
    balls = [f"ball{i}" for i in range(size, 0, -1)]
    rooms = ["rooma", "roomb"]
    start = {ball: rng.choice(rooms) for ball in balls}
    target = {ball: rng.choice(rooms) for ball in balls}
    if target == start:
        target[balls[0]] = rooms[1 - rooms.index(start[balls[0]])]
    init = ["(room rooma)", "(room roomb)", *(f"(ball {b})" for b in balls)]
    init += [f"(at-robby {rng.choice(rooms)})", "(free left)", "(free right)"]
    init += [f"(at {b} {start[b]})" for b in balls] + ["(gripper left)", "(gripper right)"]
    goal = [f"(at {b} {target[b]})" for b in balls]
    objects = " ".join(rooms + balls + ["left", "right"])
    return _problem("gripper-generated", "gripper-strips", objects, init, goal)


def tyreworld(rng: random.Random, size: int) -> str:
    """`size` hubs (1..9), each with a flat wheel and a spare in the boot; goal: a subset of
    {spare on hub, spare inflated, flat wheel in boot} per hub, at least two facts."""
    hubs = range(1, size + 1)
    init = ["(in jack boot)", "(in pump boot)", "(in wrench boot)", "(unlocked boot)", "(closed boot)"]
    candidates = []
    for i in hubs:
        init += [f"(intact r{i})", f"(in r{i} boot)", f"(not-inflated r{i})", f"(on w{i} the-hub{i})",
                 f"(on-ground the-hub{i})", f"(tight nuts{i} the-hub{i})", f"(fastened the-hub{i})"]
        candidates += [f"(on r{i} the-hub{i})", f"(inflated r{i})", f"(in w{i} boot)"]
    goal = sorted(rng.sample(candidates, rng.randint(2, min(len(candidates), 12))))
    objects = (
        "wrench jack pump - tool "
        + " ".join(f"the-hub{i}" for i in hubs) + " - hub "
        + " ".join(f"nuts{i}" for i in hubs) + " - nut boot - container "
        + " ".join(f"r{i} w{i}" for i in hubs) + " - wheel"
    )
    return _problem("tyreworld-generated", "tyreworld", objects, init, goal)


def barman(rng: random.Random, size: int) -> str:
    """`size` shots (4..9), 3 ingredients, 3..7 cocktails; goal: 1..3 shots each holding an
    ingredient or a cocktail."""
    shots = [f"shot{i}" for i in range(1, size + 1)]
    ingredients = ["ingredient1", "ingredient2", "ingredient3"]
    cocktails = [f"cocktail{i}" for i in range(1, rng.randint(3, 7) + 1)]
    init = ["(ontable shaker1)", *(f"(ontable {s})" for s in shots)]
    init += [f"(dispenses dispenser{i} ingredient{i})" for i in (1, 2, 3)]
    init += ["(clean shaker1)", *(f"(clean {s})" for s in shots)]
    init += ["(empty shaker1)", *(f"(empty {s})" for s in shots)]
    init += ["(handempty left)", "(handempty right)", "(shaker-empty-level shaker1 l0)",
             "(shaker-level shaker1 l0)", "(next l0 l1)", "(next l1 l2)"]
    for cocktail in cocktails:
        part1, part2 = rng.sample(ingredients, 2)
        init += [f"(cocktail-part1 {cocktail} {part1})", f"(cocktail-part2 {cocktail} {part2})"]
    targets = rng.sample(shots, rng.randint(1, 3))
    goal = []
    for shot in sorted(targets):
        beverage = rng.choice(cocktails) if rng.random() < 0.7 else rng.choice(ingredients)
        goal.append(f"(contains {shot} {beverage})")
    objects = (
        "shaker1 - shaker left right - hand " + " ".join(shots) + " - shot "
        + " ".join(ingredients) + " - ingredient " + " ".join(cocktails) + " - cocktail "
        + "dispenser1 dispenser2 dispenser3 - dispenser l0 l1 l2 - level"
    )
    return _problem("barman-generated", "barman", objects, init, goal)


# game -> (generator, smallest size, largest size)
GENERATORS: dict[str, tuple[Callable[[random.Random, int], str], int, int]] = {
    "blockworld": (blockworld, 3, 7),
    "gripper": (gripper, 4, 12),
    "tyreworld": (tyreworld, 1, 9),
    "barman": (barman, 4, 9),
}


def generate_problem(game: str, seed: int, index: int, count: int) -> str:
    """Problem `index` of `count` for a game: sizes grow with the index; text depends only on
    (game, seed, index, count)."""
    if game not in GENERATORS:
        raise ValueError(f"no generator for game {game!r}; choose one of: {', '.join(GENERATORS)}")
    generator, smallest, largest = GENERATORS[game]
    size = smallest + (largest - smallest) * index // max(1, count - 1)
    return generator(random.Random(f"{game}/{seed}/{index}"), size)
