"""Blockworld: one arm rearranges blocks on a table into the towers the goal describes.

In-context material for this game (see learners.material): instruction, worked examples and
LearnAct's learner examples. Observations were produced by the real environment on the
instances in PROBLEMS, none of which is in an evaluated task set (tests replay them).
"""

from learnact_engine.learners.material import (GameMaterial, RevisionExample, Trajectory, cap_text, library_of,
                                              reflexion_text)

INSTRUCTION = """\
The blocks are on a table or stacked on each other. A robot arm holds at most one block at a \
time. A block is clear when nothing is on top of it. Rearrange the blocks until every "is on" fact \
of the goal holds.
The actions are Python functions; call one per step with string arguments:
    Pickup(block): pick up block from the table. Preconditions: block is on the table, block is \
clear and the arm is empty. Effect: you are holding block; it is no longer on the table.
    Putdown(block): put the held block down on the table. Precondition: you are holding block. \
Effect: block is on the table and clear, and the arm is empty.
    Stack(block1, block2): put the held block1 on top of block2. Preconditions: you are holding \
block1 and block2 is clear. Effect: block1 is on block2, block1 is clear, block2 is no longer \
clear, and the arm is empty.
    Unstack(block1, block2): take block1 off block2. Preconditions: block1 is on block2, block1 is \
clear and the arm is empty. Effect: you are holding block1 and block2 becomes clear.
Pickup only works on a block that lies on the table, Unstack only on a block that sits on another \
block. A block that has something on it cannot be moved until everything above it is removed; \
towers are therefore built from the bottom block up."""


# The instances behind every example; none is an evaluated task (the tests check).
PROBLEMS = {
    "act": """(define (problem bw-act-example)
  (:domain blocksworld-4ops)
  (:objects b1 b2 b3 b4)
  (:init (arm-empty) (on-table b1) (on b2 b1) (clear b2) (on-table b3) (on b4 b3) (clear b4))
  (:goal (and (on b2 b4) (on b1 b3))))
""",
    "react": """(define (problem bw-react-example)
  (:domain blocksworld-4ops)
  (:objects b1 b2 b3 b4 b5)
  (:init (arm-empty) (on-table b5) (on b3 b5) (clear b3) (on-table b1) (on b2 b1) (clear b2) (on-table b4) (clear b4))
  (:goal (and (on b1 b2) (on b2 b3) (on b3 b4))))
""",
    "reflexion": """(define (problem bw-reflexion-example)
  (:domain blocksworld-4ops)
  (:objects b1 b2 b3 b4)
  (:init (arm-empty) (on-table b1) (on b4 b1) (clear b4) (on-table b2) (clear b2) (on-table b3) (clear b3))
  (:goal (and (on b1 b2) (on b2 b3) (on b3 b4))))
""",
    "usage": """(define (problem bw-usage-example)
  (:domain blocksworld-4ops)
  (:objects b1 b2 b3 b4 b5)
  (:init (arm-empty) (on-table b1) (on b2 b1) (on b3 b2) (clear b3) (on-table b5) (on b4 b5) (clear b4))
  (:goal (and (on b3 b5) (on b2 b3) (on b1 b2))))
""",
    "revision_update": """(define (problem bw-revision_update-example)
  (:domain blocksworld-4ops)
  (:objects b1 b2 b3 b4)
  (:init (arm-empty) (on-table b1) (on b3 b1) (clear b3) (on-table b2) (clear b2) (on-table b4) (clear b4))
  (:goal (and (on b1 b2) (on b3 b1))))
""",
    "revision_plan": """(define (problem bw-revision_plan-example)
  (:domain blocksworld-4ops)
  (:objects b1 b2 b3 b4 b5)
  (:init (arm-empty) (on-table b1) (on b2 b1) (on b3 b2) (clear b3) (on-table b4) (clear b4) (on-table b5) (clear b5))
  (:goal (and (on b2 b4) (on b3 b5))))
""",
    "cap": """(define (problem bw-cap-example)
  (:domain blocksworld-4ops)
  (:objects b1 b2 b3 b4 b5)
  (:init (arm-empty) (on-table b1) (on b4 b1) (on b2 b4) (clear b2) (on-table b3) (on b5 b3) (clear b5))
  (:goal (and (on b4 b5) (on b3 b4) (on b2 b3) (on b1 b2))))
""",
}

ACT = Trajectory(
    goal='The goal is to satisfy the following conditions: b1 is on b3., b2 is on b4.',
    initial_observation='B1 is on the table. B2 is on b1. B3 is on the table. B4 is on b3. The b2 is clear. The b4 is clear. Your arm is empty.',
    steps=(
        ('Unstack("b4", "b3")',
         'B1 is on the table. B2 is on b1. B3 is on the table. The b2 is clear. The b3 is clear. You are holding b4. '),
        ('Putdown("b4")',
         'B1 is on the table. B2 is on b1. B3 is on the table. B4 is on the table. The b2 is clear. The b3 is clear. The b4 is clear. Your arm is empty.'),
        ('Pickup("b1")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions. You can also check valid actions.'),
        ('Unstack("b2", "b1")',
         'B1 is on the table. B3 is on the table. B4 is on the table. The b1 is clear. The b3 is clear. The b4 is clear. You are holding b2. '),
        ('Stack("b2", "b4")',
         'B1 is on the table. B2 is on b4. B3 is on the table. B4 is on the table. The b1 is clear. The b2 is clear. The b3 is clear. Your arm is empty.'),
        ('Pickup("b1")',
         'B2 is on b4. B3 is on the table. B4 is on the table. The b2 is clear. The b3 is clear. You are holding b1. '),
        ('Stack("b1", "b3")',
         'B1 is on b3. B2 is on b4. B3 is on the table. B4 is on the table. The b1 is clear. The b2 is clear. Your arm is empty. The goal is satisfied.'),
    ),
)

REACT = Trajectory(
    goal='The goal is to satisfy the following conditions: b1 is on b2., b2 is on b3., b3 is on b4.',
    initial_observation='B1 is on the table. B2 is on b1. B3 is on b5. B4 is on the table. B5 is on the table. The b2 is clear. The b3 is clear. The b4 is clear. Your arm is empty.',
    steps=(
        ('Think: The goal is one tower: b4 at the bottom, then b3, b2 and b1. b4 is already clear on the table, so it stays where it is as the base.',
         'OK.'),
        ('Unstack("b3", "b5")',
         'B1 is on the table. B2 is on b1. B4 is on the table. B5 is on the table. The b2 is clear. The b4 is clear. The b5 is clear. You are holding b3. '),
        ('Stack("b3", "b4")',
         'B1 is on the table. B2 is on b1. B3 is on b4. B4 is on the table. B5 is on the table. The b2 is clear. The b3 is clear. The b5 is clear. Your arm is empty.'),
        ('Think: b3 sits on b4 now. b2 is clear on top of b1, so I can lift it straight off and put it on b3.',
         'OK.'),
        ('Unstack("b2", "b1")',
         'B1 is on the table. B3 is on b4. B4 is on the table. B5 is on the table. The b1 is clear. The b3 is clear. The b5 is clear. You are holding b2. '),
        ('Stack("b2", "b3")',
         'B1 is on the table. B2 is on b3. B3 is on b4. B4 is on the table. B5 is on the table. The b1 is clear. The b2 is clear. The b5 is clear. Your arm is empty.'),
        ('Think: Taking b2 away left b1 clear on the table; it is the last block and goes on top of b2.',
         'OK.'),
        ('Pickup("b1")',
         'B2 is on b3. B3 is on b4. B4 is on the table. B5 is on the table. The b2 is clear. The b5 is clear. You are holding b1. '),
        ('Stack("b1", "b2")',
         'B1 is on b2. B2 is on b3. B3 is on b4. B4 is on the table. B5 is on the table. The b1 is clear. The b5 is clear. Your arm is empty. The goal is satisfied.'),
    ),
)

REFLEXION = Trajectory(
    goal='The goal is to satisfy the following conditions: b1 is on b2., b2 is on b3., b3 is on b4.',
    initial_observation='B1 is on the table. B2 is on the table. B3 is on the table. B4 is on b1. The b2 is clear. The b3 is clear. The b4 is clear. Your arm is empty.',
    steps=(
        ('Unstack("b4", "b1")',
         'B1 is on the table. B2 is on the table. B3 is on the table. The b1 is clear. The b2 is clear. The b3 is clear. You are holding b4. '),
        ('Putdown("b4")',
         'B1 is on the table. B2 is on the table. B3 is on the table. B4 is on the table. The b1 is clear. The b2 is clear. The b3 is clear. The b4 is clear. Your arm is empty.'),
        ('Pickup("b1")',
         'B2 is on the table. B3 is on the table. B4 is on the table. The b2 is clear. The b3 is clear. The b4 is clear. You are holding b1. '),
        ('Stack("b1", "b2")',
         'B1 is on b2. B2 is on the table. B3 is on the table. B4 is on the table. The b1 is clear. The b3 is clear. The b4 is clear. Your arm is empty.'),
        ('Pickup("b2")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions. You can also check valid actions.'),
        ('Unstack("b1", "b2")',
         'B2 is on the table. B3 is on the table. B4 is on the table. The b2 is clear. The b3 is clear. The b4 is clear. You are holding b1. '),
        ('Putdown("b1")',
         'B1 is on the table. B2 is on the table. B3 is on the table. B4 is on the table. The b1 is clear. The b2 is clear. The b3 is clear. The b4 is clear. Your arm is empty.'),
        ('Pickup("b2")',
         'B1 is on the table. B3 is on the table. B4 is on the table. The b1 is clear. The b3 is clear. The b4 is clear. You are holding b2. '),
        ('Stack("b2", "b3")',
         'B1 is on the table. B2 is on b3. B3 is on the table. B4 is on the table. The b1 is clear. The b2 is clear. The b4 is clear. Your arm is empty.'),
        ('Pickup("b3")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions. You can also check valid actions.'),
    ),
)

USAGE = Trajectory(
    goal='The goal is to satisfy the following conditions: b1 is on b2., b2 is on b3., b3 is on b5.',
    initial_observation='B1 is on the table. B2 is on b1. B3 is on b2. B4 is on b5. B5 is on the table. The b3 is clear. The b4 is clear. Your arm is empty.',
    steps=(
        ('clear_to_table(["b4", "b5"])',
         'B1 is on the table. B2 is on b1. B3 is on b2. B4 is on the table. B5 is on the table. The b3 is clear. The b4 is clear. The b5 is clear. Your arm is empty.'),
        ('move_block("b3", "b2", "b5")',
         'B1 is on the table. B2 is on b1. B3 is on b5. B4 is on the table. B5 is on the table. The b2 is clear. The b3 is clear. The b4 is clear. Your arm is empty.'),
        ('move_block("b2", "b1", "b3")',
         'B1 is on the table. B2 is on b3. B3 is on b5. B4 is on the table. B5 is on the table. The b1 is clear. The b2 is clear. The b4 is clear. Your arm is empty.'),
        ('Pickup("b1")',
         'B2 is on b3. B3 is on b5. B4 is on the table. B5 is on the table. The b2 is clear. The b4 is clear. You are holding b1. '),
        ('Stack("b1", "b2")',
         'B1 is on b2. B2 is on b3. B3 is on b5. B4 is on the table. B5 is on the table. The b1 is clear. The b4 is clear. Your arm is empty. The goal is satisfied.'),
    ),
)
USAGE_STATE = 'B1 is on the table. B2 is on b1. B3 is on b5. B4 is on the table. B5 is on the table. The b2 is clear. The b3 is clear. The b4 is clear. Your arm is empty.'
USAGE_SUB = (
    ('unstack b2 from b1',
     'B1 is on the table. B3 is on b5. B4 is on the table. B5 is on the table. The b1 is clear. The b3 is clear. The b4 is clear. You are holding b2. '),
    ('stack b2 on b3',
     'B1 is on the table. B2 is on b3. B3 is on b5. B4 is on the table. B5 is on the table. The b1 is clear. The b2 is clear. The b4 is clear. Your arm is empty.'),
)

REVISION_UPDATE_LIBRARY = """\
def clear_to_table(tower):
    for upper, lower in zip(tower, tower[1:]):
        Unstack(upper, lower)
        Putdown(upper)


def build_tower(tower):
    for lower, upper in zip(tower, tower[1:]):
        Stack(upper, lower)
"""

REVISION_UPDATE = Trajectory(
    goal='The goal is to satisfy the following conditions: b1 is on b2., b3 is on b1.',
    initial_observation='B1 is on the table. B2 is on the table. B3 is on b1. B4 is on the table. The b2 is clear. The b3 is clear. The b4 is clear. Your arm is empty.',
    steps=(
        ('clear_to_table(["b3", "b1"])',
         'B1 is on the table. B2 is on the table. B3 is on the table. B4 is on the table. The b1 is clear. The b2 is clear. The b3 is clear. The b4 is clear. Your arm is empty.'),
        ('build_tower(["b2", "b1", "b3"])',
         'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ),
)
REVISION_UPDATE_STATE = 'B1 is on the table. B2 is on the table. B3 is on the table. B4 is on the table. The b1 is clear. The b2 is clear. The b3 is clear. The b4 is clear. Your arm is empty.'
REVISION_UPDATE_SUB = (
    ('stack b1 on b2',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ('stack b3 on b1',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
)

REVISION_PLAN = Trajectory(
    goal='The goal is to satisfy the following conditions: b2 is on b4., b3 is on b5.',
    initial_observation='B1 is on the table. B2 is on b1. B3 is on b2. B4 is on the table. B5 is on the table. The b3 is clear. The b4 is clear. The b5 is clear. Your arm is empty.',
    steps=(
        ('move_block("b2", "b1", "b4")',
         'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ),
)
REVISION_PLAN_STATE = 'B1 is on the table. B2 is on b1. B3 is on b2. B4 is on the table. B5 is on the table. The b3 is clear. The b4 is clear. The b5 is clear. Your arm is empty.'
REVISION_PLAN_SUB = (
    ('unstack b2 from b1',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions. You can also check valid actions.'),
    ('stack b2 on b4',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
)

CAP_PROGRAM = """\
def dismantle(tower):
    # tower is listed from its top block down; every block but the bottom one goes to the table
    for upper, lower in zip(tower, tower[1:]):
        Unstack(upper, lower)
        Putdown(upper)


def build(tower):
    # tower is listed from the bottom up; every block is clear on the table
    for lower, upper in zip(tower, tower[1:]):
        Pickup(upper)
        Stack(upper, lower)


# Both towers are in the way of the goal: take them apart, then build b5-b4-b3-b2-b1.
dismantle(["b2", "b4", "b1"])
dismantle(["b5", "b3"])
build(["b5", "b4", "b3", "b2", "b1"])
"""

# (goal, initial observation) of the code-as-policy instance
PROBLEM_TEXTS = {"cap": (
    'The goal is to satisfy the following conditions: b1 is on b2., b2 is on b3., b3 is on b4., b4 is on b5.',
    'B1 is on the table. B2 is on b4. B3 is on the table. B4 is on b1. B5 is on b3. The b2 is clear. The b5 is clear. Your arm is empty.')}


REFLECTION = """\
I built the tower from the top down: b1 went onto b2 while b2 still had to go onto b3, so I had \
to take b1 off again, and then b2 covered b3, which itself still had to go onto b4. Half of my \
steps undid earlier ones and the episode ended before the tower stood.
Next time:
- Read the goal as one tower and find its bottom block (here b4, which only appears below others).
- Stack from the bottom up: first the block that goes on the base, then the next one on it.
- Before moving a block, make sure it is clear and that the block it goes onto is already in its \
final place and clear.
- Put blocks that are in the way on the table, never on a block that still has to move."""

CREATION = '''```python
def move_block(block, from_block, to_block):
    Unstack(block, from_block)
    Stack(block, to_block)


def clear_to_table(tower):
    for upper, lower in zip(tower, tower[1:]):
        Unstack(upper, lower)
        Putdown(upper)


# Usage Example
clear_to_table(["b3", "b2", "b1"])
move_block("b5", "b4", "b1")
```'''

LIBRARY = library_of(CREATION)

CAP = cap_text(*PROBLEM_TEXTS["cap"], CAP_PROGRAM)

MATERIAL = GameMaterial(
    domain="robotic_planning",
    game="blockworld",
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
            "Every block was clear on the table, yet 'stack b1 on b2' failed: Stack needs the "
            "block in the arm, and build_tower never picks it up, so the arm was empty for every "
            "stack. Each block has to be lifted from the table with Pickup before it is stacked."),
        improve="Update: build_tower",
        content='''```python
def build_tower(tower):
    for lower, upper in zip(tower, tower[1:]):
        Pickup(upper)
        Stack(upper, lower)
```''',
        test_case='''```python
build_tower(["b2", "b1", "b3"])
```''',
    ),
    revision_plan=RevisionExample.at_end_of(
        REVISION_PLAN,
        library=LIBRARY,
        state=REVISION_PLAN_STATE,
        sub_trajectory=REVISION_PLAN_SUB,
        failed_reason=(
            "b3 was on top of b2, so b2 was not clear and could not be unstacked; with nothing "
            "in the arm the stack on b4 failed too. move_block is correct, but it was called on a "
            "block that still had another block on it."),
        improve="Plan: move_block",
        content=(
            "Call move_block only on a clear block. If other blocks are on top of it, first move "
            "them away (clear_to_table, or move_block to where they belong), starting with the "
            "topmost one."),
        test_case="",
    ),
    cap_example=CAP,
)
