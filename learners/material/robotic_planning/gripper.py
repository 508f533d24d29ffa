"""Gripper: Robby carries balls between two rooms with a left and a right gripper.

In-context material for this game (see learners.material): instruction, worked examples and
LearnAct's learner examples. Observations were produced by the real environment on the
instances in PROBLEMS, none of which is in an evaluated task set (tests replay them).
"""

from learnact_engine.learners.material import (GameMaterial, RevisionExample, Trajectory, cap_text, library_of,
                                              reflexion_text)

INSTRUCTION = """\
Robby is a robot with two grippers, left and right, working in two rooms (rooma and roomb). Each \
gripper holds at most one ball. Robby moves balls from room to room to reach the goal.
The actions are Python functions; call one per step with string arguments:
    move(r1, r2): Robby goes from room r1 to room r2. Precondition: Robby is in r1. Effect: Robby \
is in r2 and no longer in r1; balls held in his grippers travel with him.
    pick(obj, room, gripper): Robby picks up ball obj in room with gripper. Preconditions: obj is \
in room, Robby is in room and gripper is free. Effect: the ball is carried by gripper (shown as \
"<ball> is carrying <gripper>"), it is no longer in the room, and gripper is not free.
    drop(obj, room, gripper): Robby drops ball obj, held by gripper, in room. Preconditions: \
gripper carries obj and Robby is in room. Effect: obj is in room and gripper is free again.
A ball can only be dropped from the gripper that holds it, and only in the room where Robby is. \
Both grippers can be used on the same trip, so up to two balls travel together."""


# The instances behind every example; none is an evaluated task (the tests check).
PROBLEMS = {
    "act": """(define (problem gripper-example)
  (:domain gripper-strips)
  (:objects rooma roomb ball1 ball2 ball3 left right)
  (:init (room rooma) (room roomb) (ball ball1) (ball ball2) (ball ball3)
         (at-robby roomb) (free left) (free right)
         (at ball1 rooma) (at ball2 roomb) (at ball3 rooma)
         (gripper left) (gripper right))
  (:goal (and (at ball1 roomb) (at ball2 rooma) (at ball3 roomb))))
""",
    "react": """(define (problem gripper-react-example)
  (:domain gripper-strips)
  (:objects rooma roomb ball1 ball2 ball3 ball4 left right)
  (:init (room rooma) (room roomb) (ball ball1) (ball ball2) (ball ball3) (ball ball4)
         (at-robby rooma) (free left) (free right)
         (at ball1 rooma) (at ball2 roomb) (at ball3 rooma) (at ball4 rooma)
         (gripper left) (gripper right))
  (:goal (and (at ball1 roomb) (at ball2 roomb) (at ball3 roomb) (at ball4 rooma))))
""",
    "reflexion": """(define (problem gripper-reflexion-example)
  (:domain gripper-strips)
  (:objects rooma roomb ball1 ball2 ball3 ball4 ball5 left right)
  (:init (room rooma) (room roomb) (ball ball1) (ball ball2) (ball ball3) (ball ball4) (ball ball5)
         (at-robby rooma) (free left) (free right)
         (at ball1 rooma) (at ball2 rooma) (at ball3 rooma) (at ball4 roomb) (at ball5 roomb)
         (gripper left) (gripper right))
  (:goal (and (at ball1 roomb) (at ball2 roomb) (at ball3 roomb) (at ball4 rooma) (at ball5 roomb))))
""",
    "usage": """(define (problem gripper-usage-example)
  (:domain gripper-strips)
  (:objects rooma roomb ball1 ball2 ball3 ball4 ball5 left right)
  (:init (room rooma) (room roomb) (ball ball1) (ball ball2) (ball ball3) (ball ball4) (ball ball5)
         (at-robby roomb) (free left) (free right)
         (at ball1 roomb) (at ball2 rooma) (at ball3 roomb) (at ball4 rooma) (at ball5 roomb)
         (gripper left) (gripper right))
  (:goal (and (at ball1 rooma) (at ball2 roomb) (at ball3 rooma) (at ball4 roomb) (at ball5 rooma))))
""",
    "revision_update": """(define (problem gripper-revision-update)
  (:domain gripper-strips)
  (:objects rooma roomb ball1 ball2 ball3 left right)
  (:init (room rooma) (room roomb) (ball ball1) (ball ball2) (ball ball3)
         (at-robby roomb) (free left) (free right)
         (at ball1 rooma) (at ball2 rooma) (at ball3 roomb)
         (gripper left) (gripper right))
  (:goal (and (at ball1 roomb) (at ball2 roomb) (at ball3 rooma))))
""",
    "revision_plan": """(define (problem gripper-revision-plan)
  (:domain gripper-strips)
  (:objects rooma roomb ball1 ball2 ball3 ball4 left right)
  (:init (room rooma) (room roomb) (ball ball1) (ball ball2) (ball ball3) (ball ball4)
         (at-robby rooma) (free left) (free right)
         (at ball1 rooma) (at ball2 roomb) (at ball3 rooma) (at ball4 rooma)
         (gripper left) (gripper right))
  (:goal (and (at ball1 roomb) (at ball2 rooma) (at ball3 roomb) (at ball4 roomb))))
""",
    "cap": """(define (problem gripper-cap-example)
  (:domain gripper-strips)
  (:objects rooma roomb ball1 ball2 ball3 ball4 ball5 ball6 left right)
  (:init (room rooma) (room roomb) (ball ball1) (ball ball2) (ball ball3) (ball ball4) (ball ball5) (ball ball6)
         (at-robby rooma) (free left) (free right)
         (at ball1 rooma) (at ball2 rooma) (at ball3 roomb) (at ball4 rooma) (at ball5 roomb) (at ball6 rooma)
         (gripper left) (gripper right))
  (:goal (and (at ball1 roomb) (at ball2 roomb) (at ball3 rooma) (at ball4 roomb) (at ball5 rooma) (at ball6 rooma))))
""",
}

ACT = Trajectory(
    goal='The goal is to satisfy the following conditions: ball1 is at roomb. , ball2 is at rooma. , ball3 is at roomb. ',
    initial_observation='Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is at rooma.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb',
    steps=(
        ('pick("ball2", "roomb", "left")',
         'Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is carrying left.  Ball3 is a ball.  Ball3 is at rooma.  Left is a gripper.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb'),
        ('pick("ball1", "roomb", "right")',
         'The action is not valid and therefore takes no effect. Please check valid actions.'),
        ('move("roomb", "rooma")',
         'Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is carrying left.  Ball3 is a ball.  Ball3 is at rooma.  Left is a gripper.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb'),
        ('drop("ball2", "rooma", "left")',
         'Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is at rooma.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb'),
        ('pick("ball1", "rooma", "left")',
         'Ball1 is a ball.  Ball1 is carrying left.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is at rooma.  Left is a gripper.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb'),
        ('pick("ball3", "rooma", "right")',
         'Ball1 is a ball.  Ball1 is carrying left.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is carrying right.  Left is a gripper.  Right is a gripper.  Robby is at rooma.  Room rooma Room roomb'),
        ('move("rooma", "roomb")',
         'Ball1 is a ball.  Ball1 is carrying left.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is carrying right.  Left is a gripper.  Right is a gripper.  Robby is at roomb.  Room rooma Room roomb'),
        ('drop("ball1", "roomb", "left")',
         'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is carrying right.  Left is a gripper.  Left is free.  Right is a gripper.  Robby is at roomb.  Room rooma Room roomb'),
        ('drop("ball3", "roomb", "right")',
         'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is at roomb.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb The goal is satisfied.'),
    ),
)

REACT = Trajectory(
    goal='The goal is to satisfy the following conditions: ball1 is at roomb. , ball2 is at roomb. , ball3 is at roomb. , ball4 is at rooma. ',
    initial_observation='Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at rooma.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb',
    steps=(
        ('Think: Robby is in rooma. ball1 and ball3 must go to roomb, ball2 is already there and ball4 has to stay in rooma, so one trip with both arms is enough.',
         'OK.'),
        ('pick("ball1", "rooma", "left")',
         'Ball1 is a ball.  Ball1 is carrying left.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at rooma.  Left is a gripper.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb'),
        ('pick("ball3", "rooma", "right")',
         'Ball1 is a ball.  Ball1 is carrying left.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is carrying right.  Ball4 is a ball.  Ball4 is at rooma.  Left is a gripper.  Right is a gripper.  Robby is at rooma.  Room rooma Room roomb'),
        ('Think: Both grippers are full now; I go to roomb and drop each ball from the arm that holds it.',
         'OK.'),
        ('move("rooma", "roomb")',
         'Ball1 is a ball.  Ball1 is carrying left.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is carrying right.  Ball4 is a ball.  Ball4 is at rooma.  Left is a gripper.  Right is a gripper.  Robby is at roomb.  Room rooma Room roomb'),
        ('drop("ball1", "roomb", "left")',
         'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is carrying right.  Ball4 is a ball.  Ball4 is at rooma.  Left is a gripper.  Left is free.  Right is a gripper.  Robby is at roomb.  Room rooma Room roomb'),
        ('Think: ball1 is in roomb. The right arm still carries ball3, so dropping it here completes the goal.',
         'OK.'),
        ('drop("ball3", "roomb", "right")',
         'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is at roomb.  Ball4 is a ball.  Ball4 is at rooma.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb The goal is satisfied.'),
    ),
)

REFLEXION = Trajectory(
    goal='The goal is to satisfy the following conditions: ball1 is at roomb. , ball2 is at roomb. , ball3 is at roomb. , ball4 is at rooma. , ball5 is at roomb. ',
    initial_observation='Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is at roomb.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb',
    steps=(
        ('pick("ball1", "rooma", "left")',
         'Ball1 is a ball.  Ball1 is carrying left.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is at roomb.  Left is a gripper.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb'),
        ('move("rooma", "roomb")',
         'Ball1 is a ball.  Ball1 is carrying left.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is at roomb.  Left is a gripper.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb'),
        ('drop("ball1", "roomb", "right")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions. You can also check valid actions.'),
        ('drop("ball1", "roomb", "left")',
         'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is at roomb.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb'),
        ('move("roomb", "rooma")',
         'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is at roomb.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb'),
        ('pick("ball2", "rooma", "left")',
         'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is carrying left.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is at roomb.  Left is a gripper.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb'),
        ('move("rooma", "roomb")',
         'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is carrying left.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is at roomb.  Left is a gripper.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb'),
        ('drop("ball2", "roomb", "left")',
         'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is at roomb.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb'),
        ('move("roomb", "rooma")',
         'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is at roomb.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb'),
        ('pick("ball3", "rooma", "left")',
         'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is carrying left.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is at roomb.  Left is a gripper.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb'),
    ),
)

USAGE = Trajectory(
    goal='The goal is to satisfy the following conditions: ball1 is at rooma. , ball2 is at roomb. , ball3 is at rooma. , ball4 is at roomb. , ball5 is at rooma. ',
    initial_observation='Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is at roomb.  Ball4 is a ball.  Ball4 is at rooma.  Ball5 is a ball.  Ball5 is at roomb.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb',
    steps=(
        ('carry_two("ball1", "ball3", "roomb", "rooma", "left", "right")',
         'Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at rooma.  Ball5 is a ball.  Ball5 is at roomb.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb'),
        ('carry_two("ball2", "ball4", "rooma", "roomb", "left", "right")',
         'Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is at roomb.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb'),
        ('carry_one("ball5", "roomb", "rooma", "left")',
         'Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is at rooma.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb The goal is satisfied.'),
    ),
)
USAGE_STATE = 'Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is at roomb.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb'
USAGE_SUB = (
    ('pick up ball5 at roomb with arm left',
     'Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is carrying left.  Left is a gripper.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb'),
    ('move from roomb to rooma',
     'Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is carrying left.  Left is a gripper.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb'),
    ('drop ball5 rooma left',
     'Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at roomb.  Ball5 is a ball.  Ball5 is at rooma.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb The goal is satisfied.'),
)

REVISION_UPDATE = Trajectory(
    goal='The goal is to satisfy the following conditions: ball1 is at roomb. , ball2 is at roomb. , ball3 is at rooma. ',
    initial_observation='Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is at roomb.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb',
    steps=(
        ('carry_two("ball1", "ball2", "rooma", "roomb", "left", "right")',
         'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ),
)
REVISION_UPDATE_STATE = 'Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is at roomb.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb'
REVISION_UPDATE_SUB = (
    ('pick up ball1 at rooma with arm left',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions. You can also check valid actions.'),
    ('pick up ball2 at rooma with arm right',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions. You can also check valid actions.'),
    ('move from rooma to roomb',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions. You can also check valid actions.'),
    ('drop ball1 roomb left',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ('drop ball2 roomb right',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
)

REVISION_PLAN = Trajectory(
    goal='The goal is to satisfy the following conditions: ball1 is at roomb. , ball2 is at rooma. , ball3 is at roomb. , ball4 is at roomb. ',
    initial_observation='Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is at rooma.  Ball4 is a ball.  Ball4 is at rooma.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb',
    steps=(
        ('carry_two("ball1", "ball3", "rooma", "roomb", "left", "right")',
         'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is at roomb.  Ball4 is a ball.  Ball4 is at rooma.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb'),
        ('carry_two("ball2", "ball4", "roomb", "rooma", "left", "right")',
         'The action is not valid and therefore takes no effect. Please check valid actions. Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is at roomb.  Ball4 is a ball.  Ball4 is at rooma.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb'),
    ),
)
REVISION_PLAN_STATE = 'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is at roomb.  Ball3 is a ball.  Ball3 is at roomb.  Ball4 is a ball.  Ball4 is at rooma.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb'
REVISION_PLAN_SUB = (
    ('pick up ball2 at roomb with arm left',
     'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is carrying left.  Ball3 is a ball.  Ball3 is at roomb.  Ball4 is a ball.  Ball4 is at rooma.  Left is a gripper.  Right is a gripper.  Right is free.  Robby is at roomb.  Room rooma Room roomb'),
    ('pick up ball4 at roomb with arm right',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions. You can also check valid actions.'),
    ('move from roomb to rooma',
     'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is carrying left.  Ball3 is a ball.  Ball3 is at roomb.  Ball4 is a ball.  Ball4 is at rooma.  Left is a gripper.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb'),
    ('drop ball2 rooma left',
     'Ball1 is a ball.  Ball1 is at roomb.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is at roomb.  Ball4 is a ball.  Ball4 is at rooma.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb'),
    ('drop ball4 rooma right',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
)

CAP_PROGRAM = """\
def carry_pair(ball_a, ball_b, from_room, to_room):
    pick(ball_a, from_room, "left")
    pick(ball_b, from_room, "right")
    move(from_room, to_room)
    drop(ball_a, to_room, "left")
    drop(ball_b, to_room, "right")


def carry_single(ball, from_room, to_room):
    pick(ball, from_room, "left")
    move(from_room, to_room)
    drop(ball, to_room, "left")


def exchange(to_second_room, to_first_room, first_room, second_room):
    # one full trip each way: two balls out, two balls back
    carry_pair(to_second_room[0], to_second_room[1], first_room, second_room)
    carry_pair(to_first_room[0], to_first_room[1], second_room, first_room)


# Robby starts in rooma: swap two pairs, then take the last ball over alone.
exchange(["ball1", "ball2"], ["ball3", "ball5"], "rooma", "roomb")
carry_single("ball4", "rooma", "roomb")
"""

# (goal, initial observation) of the code-as-policy instance
PROBLEM_TEXTS = {"cap": (
    'The goal is to satisfy the following conditions: ball1 is at roomb. , ball2 is at roomb. , ball3 is at rooma. , ball4 is at roomb. , ball5 is at rooma. , ball6 is at rooma. ',
    'Ball1 is a ball.  Ball1 is at rooma.  Ball2 is a ball.  Ball2 is at rooma.  Ball3 is a ball.  Ball3 is at roomb.  Ball4 is a ball.  Ball4 is at rooma.  Ball5 is a ball.  Ball5 is at roomb.  Ball6 is a ball.  Ball6 is at rooma.  Left is a gripper.  Left is free.  Right is a gripper.  Right is free.  Robby is at rooma.  Room rooma Room roomb')}

REFLECTION = """\
I carried one ball per trip with only the left gripper, so every ball cost three or four steps and \
the episode ran out with ball3 still on its way. I also tried to drop ball1 from the right gripper, \
which was empty, and wasted a step.
Next time:
- Before acting, list which balls are in the wrong room for each direction.
- Fill both grippers before moving: pick two balls bound for the same room, move once, drop both.
- Drop each ball from the gripper that picked it; keep track of which arm holds which ball.
- When a trip back is needed anyway, bring along the balls that belong in the other room."""

CREATION = '''```python
def carry_one(ball, from_room, to_room, gripper):
    pick(ball, from_room, gripper)
    move(from_room, to_room)
    drop(ball, to_room, gripper)


def carry_two(ball_a, ball_b, from_room, to_room, gripper_a, gripper_b):
    pick(ball_a, from_room, gripper_a)
    pick(ball_b, from_room, gripper_b)
    move(from_room, to_room)
    drop(ball_a, to_room, gripper_a)
    drop(ball_b, to_room, gripper_b)


# Usage Example
carry_two("ball1", "ball2", "rooma", "roomb", "left", "right")
carry_one("ball3", "roomb", "rooma", "left")
```'''

LIBRARY = library_of(CREATION)

CAP = cap_text(*PROBLEM_TEXTS["cap"], CAP_PROGRAM)

MATERIAL = GameMaterial(
    domain="robotic_planning",
    game="gripper",
    instruction=INSTRUCTION,
    act_example=ACT,
    react_example=REACT,
    reflexion_example=reflexion_text(REFLEXION, REFLECTION),
    creation_example=CREATION,
    usage_example=USAGE,
    revision_update=RevisionExample.at_end_of(
        REVISION_UPDATE,
        library=LIBRARY,
        state=REVISION_UPDATE_STATE,
        sub_trajectory=REVISION_UPDATE_SUB,
        failed_reason=(
            "carry_two starts by picking the balls in from_room, but Robby was in roomb, not in "
            "rooma, so both picks failed, the move from rooma failed and nothing was dropped. The "
            "function assumes Robby already stands in from_room; it must first bring him there."),
        improve="Update: carry_two",
        content='''```python
def carry_two(ball_a, ball_b, from_room, to_room, gripper_a, gripper_b, robby_room):
    if robby_room != from_room:
        move(robby_room, from_room)
    pick(ball_a, from_room, gripper_a)
    pick(ball_b, from_room, gripper_b)
    move(from_room, to_room)
    drop(ball_a, to_room, gripper_a)
    drop(ball_b, to_room, gripper_b)
```''',
        test_case='''```python
carry_two("ball1", "ball2", "rooma", "roomb", "left", "right", "roomb")
```''',
    ),
    revision_plan=RevisionExample.at_end_of(
        REVISION_PLAN,
        library=LIBRARY,
        state=REVISION_PLAN_STATE,
        sub_trajectory=REVISION_PLAN_SUB,
        failed_reason=(
            "ball2 was in roomb and was carried to rooma, but ball4 was in rooma, not in roomb, so "
            "picking it in roomb failed and so did its drop. carry_two itself works; it was called "
            "with two balls that start in different rooms and travel in opposite directions."),
        improve="Plan: carry_two",
        content=(
            "Call carry_two only for two balls that are both in from_room and both belong in "
            "to_room, with Robby in from_room. A ball going the other way needs its own trip: use "
            "carry_one for it, or pair it with another ball going the same way."),
        test_case="",
    ),
    cap_example=CAP,
)
