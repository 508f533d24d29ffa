"""A randomised ALFWorld room built from one of the alfworld package's THOR scene layouts.

Receptacles and their poses come from `FloorPlanN-openable.json` (a subset of the real scene),
plus one synthetic instance (2-4 stove burners) for each static receptacle class that
`FloorPlanN-objects.json` lists without an id. Objects are drawn per class and placed where
`VAL_RECEPTACLE_OBJECTS` allows. `to_pddl` writes the problem in the form of the real
`initial_state.pddl` files (mangled THOR ids, otype/rtype constants, type-level canContain).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import alfworld.gen.constants as C

MOVABLE = set(C.MOVABLE_RECEPTACLES)
STATIC_RECEPTACLES = sorted(set(C.RECEPTACLES) - MOVABLE)
OBJECT_TYPES = sorted(set(C.OBJECTS) - set(STATIC_RECEPTACLES))
CONTAINABLE = sorted({obj for objs in C.VAL_RECEPTACLE_OBJECTS.values() for obj in objs})
LAMP_SURFACES = ("Desk", "SideTable", "Dresser", "Shelf", "DiningTable", "CoffeeTable", "TVStand")
_AFFORDANCES = (("Cleanable", "cleanable"), ("Heatable", "heatable"), ("Coolable", "coolable"), ("Sliceable", "sliceable"))
_BASIN_PARENT = {"SinkBasin": "Sink", "BathtubBasin": "Bathtub"}


def mangle(name: str) -> str:
    """ALFWorld's `fix_pddl_str_chars`: THOR ids as PDDL identifiers."""
    for char, word in (("-", "_minus_"), ("|", "_bar_"), ("+", "_plus_"), (".", "_dot_"), (",", "_comma_")):
        name = name.replace(char, word)
    return name


def _layouts():
    return resources.files("alfworld").joinpath("gen", "layouts")


@lru_cache(maxsize=None)
def available_scenes() -> tuple[int, ...]:
    names = (entry.name for entry in _layouts().iterdir())
    return tuple(sorted({int(n[len("FloorPlan"):-len("-objects.json")]) for n in names if n.endswith("-objects.json")}))


def scene_numbers_for(task_type: str) -> list[int]:
    """Scenes of the room types ALFRED allowed for the task type (`GOALS_VALID`)."""
    numbers = {n for room in C.GOALS_VALID[task_type] for n in C.SCENE_TYPE[room]}
    return [n for n in available_scenes() if n in numbers]


@dataclass
class Scene:
    number: int
    receptacles: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (class, location)
    objects: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # id -> (class, receptacle id)
    agent_location: str = ""
    pickupable_classes: set[str] = field(default_factory=set)

    def receptacle_classes(self) -> set[str]:
        return {cls for cls, _loc in self.receptacles.values()}

    def object_counts(self) -> Counter:
        return Counter(cls for cls, _r in self.objects.values())

    def has_object_in(self, obj_class: str, recep_class: str) -> bool:
        return any(cls == obj_class and rid and self.receptacles[rid][0] == recep_class
                   for cls, rid in self.objects.values())

    def to_pddl(self, problem_name: str, goal: str) -> str:
        locations = sorted({loc for _c, loc in self.receptacles.values()} | {self.agent_location})
        object_classes = {cls for cls, _r in self.objects.values()}
        container_classes = self.receptacle_classes() | (object_classes & MOVABLE)
        lines = [f"(define (problem {problem_name})", "(:domain alfred)", "(:objects", "agent1 - agent"]
        lines += [f"        {t}Type - otype" for t in OBJECT_TYPES]
        lines += [f"        {t}Type - rtype" for t in STATIC_RECEPTACLES]
        lines += [f"        {mangle(o)} - object" for o in sorted(self.objects)]
        lines += [f"        {mangle(r)} - receptacle" for r in sorted(self.receptacles)]
        lines += [f"        {mangle(loc)} - location" for loc in locations]
        lines += ["        )", "", "(:init", ""]
        for rid, (cls, loc) in sorted(self.receptacles.items()):
            lines.append(f"        (receptacleType {mangle(rid)} {cls}Type)")
            lines.append(f"        (receptacleAtLocation {mangle(rid)} {mangle(loc)})")
            if cls in C.OPENABLE_CLASS_SET:
                lines.append(f"        (openable {mangle(rid)})")
        for oid, (cls, rid) in sorted(self.objects.items()):
            lines.append(f"        (objectType {mangle(oid)} {cls}Type)")
            if rid is not None:
                lines.append(f"        (inReceptacle {mangle(oid)} {mangle(rid)})")
                lines.append(f"        (objectAtLocation {mangle(oid)} {mangle(self.receptacles[rid][1])})")
            if cls in self.pickupable_classes:
                lines.append(f"        (pickupable {mangle(oid)})")
            if cls in MOVABLE:
                lines.append(f"        (isReceptacleObject {mangle(oid)})")
            if cls in C.VAL_ACTION_OBJECTS["Toggleable"]:
                lines.append(f"        (toggleable {mangle(oid)})")
            for affordance, predicate in _AFFORDANCES:
                if cls in C.VAL_ACTION_OBJECTS[affordance]:
                    lines.append(f"        ({predicate} {mangle(oid)})")
        for recep in sorted(container_classes):
            for obj in sorted(object_classes & set(C.VAL_RECEPTACLE_OBJECTS.get(recep, ()))):
                lines.append(f"        (canContain {recep}Type {obj}Type)")
        lines.append(f"        (atLocation agent1 {mangle(self.agent_location)})")
        lines += ["        )", "", goal]
        return "\n".join(lines) + "\n"


class _Ids:
    """Unique THOR-style ids and locations for one scene."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.ids, self.locations = rng, set(), set()

    def thor_id(self, cls: str, suffix: str = "") -> str:
        while True:
            x, y, z = (self.rng.uniform(-3, 3), self.rng.uniform(0, 2.5), self.rng.uniform(-3, 3))
            tid = f"{cls}|{x:+06.2f}|{y:+06.2f}|{z:+06.2f}" + (f"|{suffix}" if suffix else "")
            if tid not in self.ids:
                self.ids.add(tid)
                return tid

    def location(self) -> str:
        while True:
            loc = f"loc|{self.rng.randint(-12, 12)}|{self.rng.randint(-12, 12)}|{self.rng.randint(0, 3)}|{self.rng.choice((0, 30, 60))}"
            if loc not in self.locations:
                self.locations.add(loc)
                return loc


def _read_layout(scene_number: int) -> tuple[list[str], dict]:
    root = _layouts()
    classes = json.loads(root.joinpath(f"FloorPlan{scene_number}-objects.json").read_text())
    openable = json.loads(root.joinpath(f"FloorPlan{scene_number}-openable.json").read_text())
    return sorted(classes), openable


def build_scene(rng: random.Random, scene_number: int) -> Scene:
    classes, openable = _read_layout(scene_number)
    scene = Scene(number=scene_number)
    ids = _Ids(rng)
    for thor_id, (x, z, rot, horizon) in sorted(openable.items()):
        parts = thor_id.split("|")
        cls = parts[4] if len(parts) > 4 else parts[0]
        loc = f"loc|{round(x / 0.25)}|{round(z / 0.25)}|{int(rot) // 90}|{int(horizon)}"
        ids.ids.add(thor_id)
        ids.locations.add(loc)
        scene.receptacles[thor_id] = (cls, loc)
    present = set(scene.receptacle_classes())
    for cls in STATIC_RECEPTACLES:
        if cls in classes and cls not in present:
            for _ in range(rng.randint(2, 4) if cls == "StoveBurner" else 1):
                rid = ids.thor_id(_BASIN_PARENT[cls], cls) if cls in _BASIN_PARENT else ids.thor_id(cls)
                scene.receptacles[rid] = (cls, ids.location())
    by_class: dict[str, list[str]] = {}
    for rid, (cls, _loc) in sorted(scene.receptacles.items()):
        by_class.setdefault(cls, []).append(rid)
    for cls in classes:
        if cls not in CONTAINABLE or cls in STATIC_RECEPTACLES:
            continue
        homes = sorted(r for rc, rids in by_class.items() if cls in C.VAL_RECEPTACLE_OBJECTS.get(rc, ()) for r in rids)
        if not homes:
            continue
        scene.pickupable_classes.add(cls)
        for _ in range(rng.randint(1, C.MAX_NUM_OF_OBJ_INSTANCES)):
            scene.objects[ids.thor_id(cls)] = (cls, rng.choice(homes))
    if "DeskLamp" in classes:
        surfaces = sorted(r for s in LAMP_SURFACES for r in by_class.get(s, []))
        if surfaces:
            scene.objects[ids.thor_id("DeskLamp")] = ("DeskLamp", rng.choice(surfaces))
    scene.agent_location = ids.location()
    return scene
