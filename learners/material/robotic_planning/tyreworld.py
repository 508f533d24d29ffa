"""Tyreworld: replace flat wheels with the spares from the boot, using a wrench, a jack and a pump.

In-context material for this game (see learners.material): instruction, worked examples and
LearnAct's learner examples. Observations were produced by the real environment on the
instances in PROBLEMS, none of which is in an evaluated task set (tests replay them).
"""

from learnact_engine.learners.material import (GameMaterial, RevisionExample, Trajectory, cap_text, library_of,
                                              reflexion_text)

INSTRUCTION = """\
A car has hubs (the-hub1, the-hub2, ...), each with a wheel w1, w2, ... held by the nut nuts1, \
nuts2, ... . The boot holds the tools (wrench, jack, pump) and spare wheels r1, r2, ... . You can \
hold any number of objects. Change wheels, inflate them and store things as the goal asks.
The actions are Python functions; call one per step with string arguments:
    open(container): open a container. Preconditions: it is unlocked and closed. Effect: it is open.
    close(container): close a container. Precondition: it is open. Effect: it is closed.
    fetch(obj, container): take obj out of a container. Preconditions: obj is in the container and \
the container is open. Effect: you have obj.
    put_away(obj, container): put obj into a container. Preconditions: you have obj and the \
container is open. Effect: obj is in the container.
    loosen(nut, hub): loosen a tight nut. Preconditions: you have the wrench, the nut is tight on \
the hub and the hub is on the ground. Effect: the nut is loose.
    tighten(nut, hub): tighten a loose nut. Preconditions: you have the wrench, the nut is loose on \
the hub and the hub is on the ground. Effect: the nut is tight.
    jack_up(hub): lift a hub. Preconditions: the hub is on the ground and you have the jack. \
Effect: the hub is not on the ground, and the jack stays under it (you no longer have the jack).
    jack_down(hub): lower a lifted hub. Precondition: the hub is not on the ground. Effect: the hub \
is on the ground and you have the jack again.
    undo(nut, hub): remove a nut. Preconditions: the hub is not on the ground, the hub is \
fastened, you have the wrench and the nut is loose. Effect: you have the nut and the hub is \
unfastened.
    do_up(nut, hub): put a nut back on. Preconditions: you have the wrench, the hub is unfastened \
and not on the ground, and you have the nut. Effect: the nut is loose on the hub and the hub is \
fastened.
    remove_wheel(wheel, hub): take a wheel off. Preconditions: the hub is not on the ground, the \
wheel is on the hub and the hub is unfastened. Effect: you have the wheel and the hub is free.
    put_on_wheel(wheel, hub): mount a wheel. Preconditions: you have the wheel, the hub is free, \
unfastened and not on the ground. Effect: the wheel is on the hub.
    inflate(wheel): inflate a wheel. Preconditions: you have the pump, the wheel is not inflated \
and it is intact. Effect: the wheel is inflated.
Nuts are loosened and tightened only while the hub stands on the ground, but undone and done up \
only while it is jacked up. With one jack, only one hub can be up at a time."""


# The instances behind every example; none is an evaluated task (the tests check).
PROBLEMS = {
    "act": """(define (problem tyreworld-act-example)
  (:domain tyreworld)
  (:objects wrench jack pump - tool the-hub1 - hub nuts1 - nut boot - container r1 w1 - wheel)
  (:init (unlocked boot) (isopen boot) (in wrench boot) (in jack boot) (in pump boot) (in r1 boot) (intact r1) (not-inflated r1) (on w1 the-hub1) (on-ground the-hub1) (tight nuts1 the-hub1) (fastened the-hub1))
  (:goal (and (on r1 the-hub1) (in w1 boot))))
""",
    "react": """(define (problem tyreworld-react-example)
  (:domain tyreworld)
  (:objects wrench jack pump - tool the-hub1 - hub nuts1 - nut boot - container r1 w1 - wheel)
  (:init (unlocked boot) (closed boot) (in wrench boot) (in jack boot) (in pump boot) (in r1 boot) (intact r1) (not-inflated r1) (on w1 the-hub1) (on-ground the-hub1) (loose nuts1 the-hub1) (fastened the-hub1))
  (:goal (and (on r1 the-hub1) (inflated r1) (tight nuts1 the-hub1))))
""",
    "reflexion": """(define (problem tyreworld-reflexion-example)
  (:domain tyreworld)
  (:objects wrench jack pump - tool the-hub1 the-hub2 - hub nuts1 nuts2 - nut boot - container r1 w1 r2 w2 - wheel)
  (:init (unlocked boot) (closed boot) (in wrench boot) (in jack boot) (in pump boot) (in r2 boot) (in r1 boot) (intact r1) (not-inflated r1) (on w1 the-hub1) (on-ground the-hub1) (tight nuts1 the-hub1) (fastened the-hub1) (intact r2) (inflated r2) (on w2 the-hub2) (on-ground the-hub2) (tight nuts2 the-hub2) (fastened the-hub2))
  (:goal (and (on r2 the-hub2) (in w2 boot))))
""",
    "usage": """(define (problem tyreworld-usage-example)
  (:domain tyreworld)
  (:objects wrench jack pump - tool the-hub1 the-hub2 - hub nuts1 nuts2 - nut boot - container r1 w1 r2 w2 - wheel)
  (:init (unlocked boot) (closed boot) (in wrench boot) (in jack boot) (have pump) (in r1 boot) (in r2 boot) (intact r1) (not-inflated r1) (on w1 the-hub1) (on-ground the-hub1) (tight nuts1 the-hub1) (fastened the-hub1) (intact r2) (not-inflated r2) (on w2 the-hub2) (on-ground the-hub2) (tight nuts2 the-hub2) (fastened the-hub2))
  (:goal (and (on r1 the-hub1) (inflated r1) (on r2 the-hub2) (inflated r2) (in w1 boot))))
""",
    "revision_update": """(define (problem tyreworld-revision_update-example)
  (:domain tyreworld)
  (:objects wrench jack pump - tool the-hub1 - hub nuts1 - nut boot - container r1 w1 - wheel)
  (:init (unlocked boot) (closed boot) (have wrench) (have jack) (in pump boot) (have r1) (intact r1) (not-inflated r1) (on w1 the-hub1) (on-ground the-hub1) (tight nuts1 the-hub1) (fastened the-hub1))
  (:goal (and (on r1 the-hub1) (tight nuts1 the-hub1))))
""",
    "revision_plan": """(define (problem tyreworld-revision_plan-example)
  (:domain tyreworld)
  (:objects wrench jack pump - tool the-hub1 - hub nuts1 - nut boot - container r1 w1 - wheel)
  (:init (unlocked boot) (closed boot) (in wrench boot) (in jack boot) (in pump boot) (in r1 boot) (intact r1) (not-inflated r1) (on w1 the-hub1) (on-ground the-hub1) (tight nuts1 the-hub1) (fastened the-hub1))
  (:goal (and (on r1 the-hub1) (in w1 boot) (tight nuts1 the-hub1))))
""",
    "cap": """(define (problem tyreworld-cap-example)
  (:domain tyreworld)
  (:objects wrench jack pump - tool the-hub1 the-hub2 - hub nuts1 nuts2 - nut boot - container r1 w1 r2 w2 - wheel)
  (:init (unlocked boot) (closed boot) (in wrench boot) (in jack boot) (in pump boot) (in r1 boot) (in r2 boot) (intact r1) (not-inflated r1) (on w1 the-hub1) (on-ground the-hub1) (tight nuts1 the-hub1) (fastened the-hub1) (intact r2) (not-inflated r2) (on w2 the-hub2) (on-ground the-hub2) (tight nuts2 the-hub2) (fastened the-hub2))
  (:goal (and (on r1 the-hub1) (inflated r1) (on r2 the-hub2) (inflated r2) (in w1 boot) (in w2 boot) (tight nuts1 the-hub1) (tight nuts2 the-hub2) (closed boot))))
""",
}

ACT = Trajectory(
    goal='The goal is to satisfy the following conditions: r1 is on the-hub1., w1 is in boot.',
    initial_observation='Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Jack is in boot. Pump is in boot. R1 is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. Wrench is in boot.',
    steps=(
        ('fetch("wrench", "boot")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Jack is in boot. Pump is in boot. R1 is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have wrench.'),
        ('fetch("jack", "boot")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Pump is in boot. R1 is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have jack. You have wrench.'),
        ('jack_up("the-hub1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is not on the ground. Pump is in boot. R1 is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have wrench.'),
        ('loosen("nuts1", "the-hub1")',
         'The action is not valid and therefore takes no effect. Please check valid actions.'),
        ('jack_down("the-hub1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Pump is in boot. R1 is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have jack. You have wrench.'),
        ('loosen("nuts1", "the-hub1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Pump is in boot. R1 is in boot. The nut nuts1 on the hub the-hub1 is loose. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have jack. You have wrench.'),
        ('jack_up("the-hub1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is not on the ground. Pump is in boot. R1 is in boot. The nut nuts1 on the hub the-hub1 is loose. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have wrench.'),
        ('undo("nuts1", "the-hub1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is not on the ground. Hub the-hub1 is unfastened. Pump is in boot. R1 is in boot. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have nuts1. You have wrench.'),
        ('remove_wheel("w1", "the-hub1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is not on the ground. Hub the-hub1 is unfastened. Pump is in boot. R1 is in boot. The-hub1 is free.  Wheel r1 is intact. Wheel r1 is not inflated. You have nuts1. You have w1. You have wrench.'),
        ('put_away("w1", "boot")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is not on the ground. Hub the-hub1 is unfastened. Pump is in boot. R1 is in boot. The-hub1 is free.  W1 is in boot. Wheel r1 is intact. Wheel r1 is not inflated. You have nuts1. You have wrench.'),
        ('fetch("r1", "boot")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is not on the ground. Hub the-hub1 is unfastened. Pump is in boot. The-hub1 is free.  W1 is in boot. Wheel r1 is intact. Wheel r1 is not inflated. You have nuts1. You have r1. You have wrench.'),
        ('put_on_wheel("r1", "the-hub1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is not on the ground. Hub the-hub1 is unfastened. Pump is in boot. R1 is on the-hub1. W1 is in boot. Wheel r1 is intact. Wheel r1 is not inflated. You have nuts1. You have wrench. The goal is satisfied.'),
    ),
)

REACT = Trajectory(
    goal='The goal is to satisfy the following conditions: The nut nuts1 on the hub the-hub1 is tight., Wheel r1 is inflated., r1 is on the-hub1.',
    initial_observation='Boot is closed. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Jack is in boot. Pump is in boot. R1 is in boot. The nut nuts1 on the hub the-hub1 is loose. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. Wrench is in boot.',
    steps=(
        ('Think: The spare r1 has to end up inflated on the-hub1 with its nut tight. Everything I need (wrench, jack, pump and r1) is in the closed boot, so I open it first.',
         'OK.'),
        ('open("boot")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Jack is in boot. Pump is in boot. R1 is in boot. The nut nuts1 on the hub the-hub1 is loose. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. Wrench is in boot.'),
        ('fetch("wrench", "boot")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Jack is in boot. Pump is in boot. R1 is in boot. The nut nuts1 on the hub the-hub1 is loose. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have wrench.'),
        ('fetch("jack", "boot")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Pump is in boot. R1 is in boot. The nut nuts1 on the hub the-hub1 is loose. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have jack. You have wrench.'),
        ('fetch("pump", "boot")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. R1 is in boot. The nut nuts1 on the hub the-hub1 is loose. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have jack. You have pump. You have wrench.'),
        ('fetch("r1", "boot")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. The nut nuts1 on the hub the-hub1 is loose. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have jack. You have pump. You have r1. You have wrench.'),
        ('Think: I have the pump and r1, and inflating does not depend on the hub, so I inflate r1 now.',
         'OK.'),
        ('inflate("r1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. The nut nuts1 on the hub the-hub1 is loose. W1 is on the-hub1. Wheel r1 is inflated. Wheel r1 is intact. You have jack. You have pump. You have r1. You have wrench.'),
        ('Think: nuts1 is already loose, so no loosening is needed: I can jack up the hub and undo the nut straight away.',
         'OK.'),
        ('jack_up("the-hub1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is not on the ground. The nut nuts1 on the hub the-hub1 is loose. W1 is on the-hub1. Wheel r1 is inflated. Wheel r1 is intact. You have pump. You have r1. You have wrench.'),
        ('undo("nuts1", "the-hub1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is not on the ground. Hub the-hub1 is unfastened. W1 is on the-hub1. Wheel r1 is inflated. Wheel r1 is intact. You have nuts1. You have pump. You have r1. You have wrench.'),
        ('remove_wheel("w1", "the-hub1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is not on the ground. Hub the-hub1 is unfastened. The-hub1 is free.  Wheel r1 is inflated. Wheel r1 is intact. You have nuts1. You have pump. You have r1. You have w1. You have wrench.'),
        ('put_on_wheel("r1", "the-hub1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is not on the ground. Hub the-hub1 is unfastened. R1 is on the-hub1. Wheel r1 is inflated. Wheel r1 is intact. You have nuts1. You have pump. You have w1. You have wrench.'),
        ('do_up("nuts1", "the-hub1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is not on the ground. R1 is on the-hub1. The nut nuts1 on the hub the-hub1 is loose. Wheel r1 is inflated. Wheel r1 is intact. You have pump. You have w1. You have wrench.'),
        ('Think: A nut can only be tightened while the hub stands on the ground, so I lower the hub before tightening nuts1.',
         'OK.'),
        ('jack_down("the-hub1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. R1 is on the-hub1. The nut nuts1 on the hub the-hub1 is loose. Wheel r1 is inflated. Wheel r1 is intact. You have jack. You have pump. You have w1. You have wrench.'),
        ('tighten("nuts1", "the-hub1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. R1 is on the-hub1. The nut nuts1 on the hub the-hub1 is tight. Wheel r1 is inflated. Wheel r1 is intact. You have jack. You have pump. You have w1. You have wrench. The goal is satisfied.'),
    ),
)

REFLEXION = Trajectory(
    goal='The goal is to satisfy the following conditions: r2 is on the-hub2., w2 is in boot.',
    initial_observation='Boot is closed. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. Jack is in boot. Pump is in boot. R1 is in boot. R2 is in boot. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. W1 is on the-hub1. W2 is on the-hub2. Wheel r1 is intact. Wheel r1 is not inflated. Wheel r2 is inflated. Wheel r2 is intact. Wrench is in boot.',
    steps=(
        ('open("boot")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. Jack is in boot. Pump is in boot. R1 is in boot. R2 is in boot. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. W1 is on the-hub1. W2 is on the-hub2. Wheel r1 is intact. Wheel r1 is not inflated. Wheel r2 is inflated. Wheel r2 is intact. Wrench is in boot.'),
        ('fetch("jack", "boot")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. Pump is in boot. R1 is in boot. R2 is in boot. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. W1 is on the-hub1. W2 is on the-hub2. Wheel r1 is intact. Wheel r1 is not inflated. Wheel r2 is inflated. Wheel r2 is intact. Wrench is in boot. You have jack.'),
        ('jack_up("the-hub2")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is not on the ground. Pump is in boot. R1 is in boot. R2 is in boot. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. W1 is on the-hub1. W2 is on the-hub2. Wheel r1 is intact. Wheel r1 is not inflated. Wheel r2 is inflated. Wheel r2 is intact. Wrench is in boot.'),
        ('fetch("wrench", "boot")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is not on the ground. Pump is in boot. R1 is in boot. R2 is in boot. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. W1 is on the-hub1. W2 is on the-hub2. Wheel r1 is intact. Wheel r1 is not inflated. Wheel r2 is inflated. Wheel r2 is intact. You have wrench.'),
        ('loosen("nuts2", "the-hub2")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions. You can also check valid actions.'),
        ('undo("nuts2", "the-hub2")',
         'The action is not valid and therefore takes no effect. Please check valid actions.'),
        ('remove_wheel("w2", "the-hub2")',
         'The action is not valid and therefore takes no effect. Please check valid actions.'),
        ('fetch("r2", "boot")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is not on the ground. Pump is in boot. R1 is in boot. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. W1 is on the-hub1. W2 is on the-hub2. Wheel r1 is intact. Wheel r1 is not inflated. Wheel r2 is inflated. Wheel r2 is intact. You have r2. You have wrench.'),
        ('put_on_wheel("r2", "the-hub2")',
         'The action is not valid and therefore takes no effect. Please check valid actions.'),
        ('jack_down("the-hub2")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. Pump is in boot. R1 is in boot. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. W1 is on the-hub1. W2 is on the-hub2. Wheel r1 is intact. Wheel r1 is not inflated. Wheel r2 is inflated. Wheel r2 is intact. You have jack. You have r2. You have wrench.'),
    ),
)

USAGE = Trajectory(
    goal='The goal is to satisfy the following conditions: Wheel r1 is inflated., Wheel r2 is inflated., r1 is on the-hub1., r2 is on the-hub2., w1 is in boot.',
    initial_observation='Boot is closed. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. Jack is in boot. R1 is in boot. R2 is in boot. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. W1 is on the-hub1. W2 is on the-hub2. Wheel r1 is intact. Wheel r1 is not inflated. Wheel r2 is intact. Wheel r2 is not inflated. Wrench is in boot. You have pump.',
    steps=(
        ('take_out("boot", ["wrench", "jack", "r1", "r2"])',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. W1 is on the-hub1. W2 is on the-hub2. Wheel r1 is intact. Wheel r1 is not inflated. Wheel r2 is intact. Wheel r2 is not inflated. You have jack. You have pump. You have r1. You have r2. You have wrench.'),
        ('inflate("r1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. W1 is on the-hub1. W2 is on the-hub2. Wheel r1 is inflated. Wheel r1 is intact. Wheel r2 is intact. Wheel r2 is not inflated. You have jack. You have pump. You have r1. You have r2. You have wrench.'),
        ('inflate("r2")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. W1 is on the-hub1. W2 is on the-hub2. Wheel r1 is inflated. Wheel r1 is intact. Wheel r2 is inflated. Wheel r2 is intact. You have jack. You have pump. You have r1. You have r2. You have wrench.'),
        ('swap_wheel("w1", "r1", "nuts1", "the-hub1")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. R1 is on the-hub1. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. W2 is on the-hub2. Wheel r1 is inflated. Wheel r1 is intact. Wheel r2 is inflated. Wheel r2 is intact. You have jack. You have pump. You have r2. You have w1. You have wrench.'),
        ('swap_wheel("w2", "r2", "nuts2", "the-hub2")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. R1 is on the-hub1. R2 is on the-hub2. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. Wheel r1 is inflated. Wheel r1 is intact. Wheel r2 is inflated. Wheel r2 is intact. You have jack. You have pump. You have w1. You have w2. You have wrench.'),
        ('put_away("w1", "boot")',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. R1 is on the-hub1. R2 is on the-hub2. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. W1 is in boot. Wheel r1 is inflated. Wheel r1 is intact. Wheel r2 is inflated. Wheel r2 is intact. You have jack. You have pump. You have w2. You have wrench. The goal is satisfied.'),
    ),
)
USAGE_STATE = 'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. R1 is on the-hub1. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. W2 is on the-hub2. Wheel r1 is inflated. Wheel r1 is intact. Wheel r2 is inflated. Wheel r2 is intact. You have jack. You have pump. You have r2. You have w1. You have wrench.'
USAGE_SUB = (
    ('loosen nuts2 the-hub2',
     'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. R1 is on the-hub1. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is loose. W2 is on the-hub2. Wheel r1 is inflated. Wheel r1 is intact. Wheel r2 is inflated. Wheel r2 is intact. You have jack. You have pump. You have r2. You have w1. You have wrench.'),
    ('jack-up the-hub2',
     'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is not on the ground. R1 is on the-hub1. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is loose. W2 is on the-hub2. Wheel r1 is inflated. Wheel r1 is intact. Wheel r2 is inflated. Wheel r2 is intact. You have pump. You have r2. You have w1. You have wrench.'),
    ('undo nuts2 the-hub2',
     'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is not on the ground. Hub the-hub2 is unfastened. R1 is on the-hub1. The nut nuts1 on the hub the-hub1 is tight. W2 is on the-hub2. Wheel r1 is inflated. Wheel r1 is intact. Wheel r2 is inflated. Wheel r2 is intact. You have nuts2. You have pump. You have r2. You have w1. You have wrench.'),
    ('remove-wheel w2 the-hub2',
     'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is not on the ground. Hub the-hub2 is unfastened. R1 is on the-hub1. The nut nuts1 on the hub the-hub1 is tight. The-hub2 is free.  Wheel r1 is inflated. Wheel r1 is intact. Wheel r2 is inflated. Wheel r2 is intact. You have nuts2. You have pump. You have r2. You have w1. You have w2. You have wrench.'),
    ('put-on-wheel r2 the-hub2',
     'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is not on the ground. Hub the-hub2 is unfastened. R1 is on the-hub1. R2 is on the-hub2. The nut nuts1 on the hub the-hub1 is tight. Wheel r1 is inflated. Wheel r1 is intact. Wheel r2 is inflated. Wheel r2 is intact. You have nuts2. You have pump. You have w1. You have w2. You have wrench.'),
    ('do-up nuts2 the-hub2',
     'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is not on the ground. R1 is on the-hub1. R2 is on the-hub2. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is loose. Wheel r1 is inflated. Wheel r1 is intact. Wheel r2 is inflated. Wheel r2 is intact. You have pump. You have w1. You have w2. You have wrench.'),
    ('jack-down the-hub2',
     'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. R1 is on the-hub1. R2 is on the-hub2. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is loose. Wheel r1 is inflated. Wheel r1 is intact. Wheel r2 is inflated. Wheel r2 is intact. You have jack. You have pump. You have w1. You have w2. You have wrench.'),
    ('tighten nuts2 the-hub2',
     'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. R1 is on the-hub1. R2 is on the-hub2. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. Wheel r1 is inflated. Wheel r1 is intact. Wheel r2 is inflated. Wheel r2 is intact. You have jack. You have pump. You have w1. You have w2. You have wrench.'),
)

REVISION_UPDATE_LIBRARY = """\
def take_out(container, items):
    open(container)
    for item in items:
        fetch(item, container)


def swap_wheel(old_wheel, new_wheel, nut, hub):
    jack_up(hub)
    loosen(nut, hub)
    undo(nut, hub)
    remove_wheel(old_wheel, hub)
    put_on_wheel(new_wheel, hub)
    do_up(nut, hub)
    jack_down(hub)
    tighten(nut, hub)
"""

REVISION_UPDATE = Trajectory(
    goal='The goal is to satisfy the following conditions: The nut nuts1 on the hub the-hub1 is tight., r1 is on the-hub1.',
    initial_observation='Boot is closed. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Pump is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have jack. You have r1. You have wrench.',
    steps=(
        ('swap_wheel("w1", "r1", "nuts1", "the-hub1")',
         'The action is not valid and therefore takes no effect. Please check valid actions. Boot is closed. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Pump is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have jack. You have r1. You have wrench.'),
    ),
)
REVISION_UPDATE_STATE = 'Boot is closed. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Pump is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have jack. You have r1. You have wrench.'
REVISION_UPDATE_SUB = (
    ('jack-up the-hub1',
     'Boot is closed. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is not on the ground. Pump is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have r1. You have wrench.'),
    ('loosen nuts1 the-hub1',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ('undo nuts1 the-hub1',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ('remove-wheel w1 the-hub1',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ('put-on-wheel r1 the-hub1',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ('do-up nuts1 the-hub1',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ('jack-down the-hub1',
     'Boot is closed. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Pump is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. You have jack. You have r1. You have wrench.'),
    ('tighten nuts1 the-hub1',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
)

REVISION_PLAN = Trajectory(
    goal='The goal is to satisfy the following conditions: The nut nuts1 on the hub the-hub1 is tight., r1 is on the-hub1., w1 is in boot.',
    initial_observation='Boot is closed. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Jack is in boot. Pump is in boot. R1 is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. Wrench is in boot.',
    steps=(
        ('take_out("boot", ["jack", "r1"])',
         'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Pump is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. Wrench is in boot. You have jack. You have r1.'),
        ('swap_wheel("w1", "r1", "nuts1", "the-hub1")',
         'The action is not valid and therefore takes no effect. Please check valid actions. Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Pump is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. Wrench is in boot. You have jack. You have r1.'),
    ),
)
REVISION_PLAN_STATE = 'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Pump is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. Wrench is in boot. You have jack. You have r1.'
REVISION_PLAN_SUB = (
    ('loosen nuts1 the-hub1',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ('jack-up the-hub1',
     'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is not on the ground. Pump is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. Wrench is in boot. You have r1.'),
    ('undo nuts1 the-hub1',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ('remove-wheel w1 the-hub1',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ('put-on-wheel r1 the-hub1',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ('do-up nuts1 the-hub1',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ('jack-down the-hub1',
     'Boot is open. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Pump is in boot. The nut nuts1 on the hub the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. Wrench is in boot. You have jack. You have r1.'),
    ('tighten nuts1 the-hub1',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
)

CAP_PROGRAM = """\
def get_ready(container, tools, spares):
    open(container)
    for item in tools + spares:
        fetch(item, container)
    for spare in spares:
        inflate(spare)


def replace_wheel(flat, spare, nut, hub):
    loosen(nut, hub)  # nuts only turn while the hub is on the ground
    jack_up(hub)
    undo(nut, hub)
    remove_wheel(flat, hub)
    put_on_wheel(spare, hub)
    do_up(nut, hub)
    jack_down(hub)
    tighten(nut, hub)


def pack_up(container, items):
    for item in items:
        put_away(item, container)
    close(container)


get_ready("boot", ["wrench", "jack", "pump"], ["r1", "r2"])
replace_wheel("w1", "r1", "nuts1", "the-hub1")
replace_wheel("w2", "r2", "nuts2", "the-hub2")
pack_up("boot", ["w1", "w2", "wrench", "jack", "pump"])
"""

# (goal, initial observation) of the code-as-policy instance
PROBLEM_TEXTS = {"cap": (
    'The goal is to satisfy the following conditions: The nut nuts1 on the hub the-hub1 is tight., The nut nuts2 on the hub the-hub2 is tight., Wheel r1 is inflated., Wheel r2 is inflated., boot is closed., r1 is on the-hub1., r2 is on the-hub2., w1 is in boot., w2 is in boot.',
    'Boot is closed. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the ground. Hub the-hub2 is fastened. Hub the-hub2 is on the ground. Jack is in boot. Pump is in boot. R1 is in boot. R2 is in boot. The nut nuts1 on the hub the-hub1 is tight. The nut nuts2 on the hub the-hub2 is tight. W1 is on the-hub1. W2 is on the-hub2. Wheel r1 is intact. Wheel r1 is not inflated. Wheel r2 is intact. Wheel r2 is not inflated. Wrench is in boot.')}


REFLECTION = """\
I jacked up the-hub2 before loosening its nut. Loosening only works while the hub is on the \
ground, so the loosen failed, and then undo, remove_wheel and put_on_wheel all failed one after \
the other because the nut was still tight. I spent the episode on actions whose preconditions \
did not hold.
Next time, for each hub to change:
- Fetch the wrench and the jack (and the spare, and the pump if it must be inflated) first.
- Loosen the nut while the hub is still on the ground, and only then jack it up.
- Undo the nut, remove the old wheel, put on the new one and do up the nut while the hub is up.
- Jack the hub down before tightening the nut, then put the old wheel away if the goal asks."""

CREATION = '''```python
def take_out(container, items):
    open(container)
    for item in items:
        fetch(item, container)


def swap_wheel(old_wheel, new_wheel, nut, hub):
    loosen(nut, hub)
    jack_up(hub)
    undo(nut, hub)
    remove_wheel(old_wheel, hub)
    put_on_wheel(new_wheel, hub)
    do_up(nut, hub)
    jack_down(hub)
    tighten(nut, hub)


# Usage Example
take_out("boot", ["wrench", "jack", "r1"])
swap_wheel("w1", "r1", "nuts1", "the-hub1")
```'''

LIBRARY = library_of(CREATION)

CAP = cap_text(*PROBLEM_TEXTS["cap"], CAP_PROGRAM)

MATERIAL = GameMaterial(
    domain="robotic_planning",
    game="tyreworld",
    instruction=INSTRUCTION,
    act_example=ACT,
    react_example=REACT,
    reflexion_example=reflexion_text(REFLEXION, REFLECTION),
    creation_example=CREATION,
    usage_example=USAGE,
    revision_update=RevisionExample.at_end_of(
        REVISION_UPDATE,
        library=REVISION_UPDATE_LIBRARY,
        state=REVISION_UPDATE_STATE,
        sub_trajectory=REVISION_UPDATE_SUB,
        failed_reason=(
            "swap_wheel jacks the hub up first and only then loosens the nut, but a nut can only "
            "be loosened while the hub is on the ground. The loosen failed, so the nut stayed "
            "tight and fastened: undo, remove_wheel, put_on_wheel and do_up all failed, and after "
            "jack_down the tighten failed because the nut was never loose. The order of the first "
            "two steps is wrong."),
        improve="Update: swap_wheel",
        content='''```python
def swap_wheel(old_wheel, new_wheel, nut, hub):
    loosen(nut, hub)
    jack_up(hub)
    undo(nut, hub)
    remove_wheel(old_wheel, hub)
    put_on_wheel(new_wheel, hub)
    do_up(nut, hub)
    jack_down(hub)
    tighten(nut, hub)
```''',
        test_case='''```python
swap_wheel("w1", "r1", "nuts1", "the-hub1")
```''',
    ),
    revision_plan=RevisionExample.at_end_of(
        REVISION_PLAN,
        library=LIBRARY,
        state=REVISION_PLAN_STATE,
        sub_trajectory=REVISION_PLAN_SUB,
        failed_reason=(
            "The wrench was still in the boot: take_out was called only for the jack and r1. "
            "Without the wrench, loosen, undo and do_up failed, so the wheel could not be removed "
            "or replaced and the final tighten failed as well. swap_wheel is right; it needs the "
            "wrench, the jack and the new wheel in hand before it is called."),
        improve="Plan: swap_wheel",
        content=(
            "Before calling swap_wheel, make sure you have the wrench, the jack and the new wheel "
            "(take_out them from the boot together). The hub must be on the ground with a tight "
            "nut, as it is at the start."),
        test_case="",
    ),
    cap_example=CAP,
)
