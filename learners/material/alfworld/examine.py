"""ALFWorld `examine` (look_at_obj_in_light): hold an object and look at it under a desklamp.

In-context material for this task type (see learners.material). Every example was played on a
game generated with common.EXAMPLE_SEED (GAMES names them), outside every evaluated task set;
the tests regenerate the games and replay the examples on the real engine.
"""

from learnact_engine.learners.material import GameMaterial, RevisionExample, Trajectory, reflexion_text
from learnact_engine.learners.material.alfworld.common import LIBRARY, creation_example, instruction

INSTRUCTION = instruction(
    'In this task you look at an object of the asked type under a desklamp: find the object '
    'and take it, then go to the receptacle where a desklamp stands and switch the lamp on '
    'with use (or toggle) while holding the object. A desklamp cannot be picked up; bring the '
    'object to the lamp.')

# The generated game (task folder/trial, seed common.EXAMPLE_SEED) behind each example.
GAMES = {
    "act": "look_at_obj_in_light-Bowl-None-DeskLamp-307/trial_G11011_00001",
    "react": "look_at_obj_in_light-AlarmClock-None-DeskLamp-308/trial_G11011_00007",
    "reflexion": "look_at_obj_in_light-Bowl-None-DeskLamp-307/trial_G11011_00001",
    "usage": "look_at_obj_in_light-Bowl-None-DeskLamp-307/trial_G11011_00001",
    "revision_update": "look_at_obj_in_light-AlarmClock-None-DeskLamp-308/trial_G11011_00007",
    "revision_plan": "look_at_obj_in_light-Bowl-None-DeskLamp-307/trial_G11011_00001",
}

ACT = Trajectory(
    goal='examine the bowl with the desklamp.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bed 1, a desk 1, a drawer 3, a drawer 2, a drawer 1, a garbagecan 1, a laundryhamper 1, a shelf 2, a shelf 1, and a sidetable 1.',
    steps=(
        ('goto("desk 1")',
         'You arrive at desk 1. On the desk 1, you see a alarmclock 1, a bowl 3, a bowl 1, a cd 1, a laptop 2, a pen 3, a pen 1, a remotecontrol 2, and a tennisracket 1.'),
        ('take("bowl 1", "desk 1")',
         'You pick up the bowl 1 from the desk 1.'),
        ('goto("shelf 2")',
         'You arrive at shelf 2. On the shelf 2, you see a cd 3, a cloth 1, a creditcard 2, a desklamp 1, and a keychain 1.'),
        ('use("desklamp")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
        ('use("desklamp 1")',
         'You turn on the desklamp 1.'),
    ),
)

REACT = Trajectory(
    goal='look at alarmclock under the desklamp.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bed 1, a desk 2, a desk 1, a drawer 3, a drawer 2, a drawer 1, a garbagecan 1, a laundryhamper 1, a safe 1, a shelf 5, a shelf 4, a shelf 3, a shelf 2, and a shelf 1.',
    steps=(
        ('Think: I have to hold an alarmclock and switch on a desklamp next to me. Alarmclocks usually stand on a desk, a shelf or a sidetable; I start with desk 1.',
         'OK.'),
        ('goto("desk 1")',
         'You arrive at desk 1. On the desk 1, you see a cd 3, and a cellphone 1.'),
        ('Think: desk 1 only has a cd and a cellphone. The shelves are the other likely place; shelf 1 is first.',
         'OK.'),
        ('goto("shelf 1")',
         'You arrive at shelf 1. On the shelf 1, you see a alarmclock 1, a cellphone 2, a creditcard 1, a keychain 2, and a pen 1.'),
        ('Think: alarmclock 1 is on shelf 1. I take it; then I need a desklamp, which I have not seen yet.',
         'OK.'),
        ('take("alarmclock 1", "shelf 1")',
         'You pick up the alarmclock 1 from the shelf 1.'),
        ('goto("desk 2")',
         'You arrive at desk 2. On the desk 2, you see a book 3, a book 2, a creditcard 3, and a creditcard 2.'),
        ('Think: No desklamp on desk 2 either. Lamps often stand on shelves too, so I try shelf 4.',
         'OK.'),
        ('goto("shelf 4")',
         'You arrive at shelf 4. On the shelf 4, you see a desklamp 1, a keychain 1, a mug 1, and a pen 2.'),
        ('Think: desklamp 1 is on shelf 4 and I am holding the alarmclock, so switching the lamp on lets me look at it.',
         'OK.'),
        ('use("desklamp 1")',
         'You turn on the desklamp 1.'),
    ),
)

REFLEXION = Trajectory(
    goal='examine the bowl with the desklamp.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bed 1, a desk 1, a drawer 3, a drawer 2, a drawer 1, a garbagecan 1, a laundryhamper 1, a shelf 2, a shelf 1, and a sidetable 1.',
    steps=(
        ('goto("desk 1")',
         'You arrive at desk 1. On the desk 1, you see a alarmclock 1, a bowl 3, a bowl 1, a cd 1, a laptop 2, a pen 3, a pen 1, a remotecontrol 2, and a tennisracket 1.'),
        ('take("bowl 1", "desk 1")',
         'You pick up the bowl 1 from the desk 1.'),
        ('goto("sidetable 1")',
         'You arrive at sidetable 1. On the sidetable 1, you see a bowl 2, a cellphone 1, a laptop 1, and a tennisracket 2.'),
        ('goto("drawer 1")',
         'You arrive at drawer 1. The drawer 1 is closed.'),
        ('open("drawer 1")',
         'You open the drawer 1. The drawer 1 is open. In it, you see a book 1, and a cellphone 2.'),
        ('goto("drawer 3")',
         'You arrive at drawer 3. The drawer 3 is closed.'),
        ('open("drawer 3")',
         'You open the drawer 3. The drawer 3 is open. In it, you see a book 2, a cd 2, a cloth 2, and a creditcard 1.'),
        ('goto("shelf 1")',
         'You arrive at shelf 1. On the shelf 1, you see a remotecontrol 1.'),
        ('goto("bed 1")',
         'You arrive at bed 1. On the bed 1, you see a pillow 3, a pillow 2, a pillow 1, and a tennisracket 3.'),
        ('goto("garbagecan 1")',
         'You arrive at garbagecan 1. On the garbagecan 1, you see a pen 2, and a pencil 1.'),
    ),
)

USAGE = Trajectory(
    goal='examine the bowl with the desklamp.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bed 1, a desk 1, a drawer 3, a drawer 2, a drawer 1, a garbagecan 1, a laundryhamper 1, a shelf 2, a shelf 1, and a sidetable 1.',
    steps=(
        ('find_and_take("bowl", ["sidetable 1", "desk 1"])',
         'You arrive at sidetable 1. On the sidetable 1, you see a bowl 2, a cellphone 1, a laptop 1, and a tennisracket 2.You pick up the bowl 2 from the sidetable 1.'),
        ('goto("shelf 2")',
         'You arrive at shelf 2. On the shelf 2, you see a cd 3, a cloth 1, a creditcard 2, a desklamp 1, and a keychain 1.'),
        ('use("desklamp 1")',
         'You turn on the desklamp 1.'),
    ),
)
USAGE_SUB = (
    ('go to sidetable 1',
     'You arrive at sidetable 1. On the sidetable 1, you see a bowl 2, a cellphone 1, a laptop 1, and a tennisracket 2.'),
    ('take bowl 2 from sidetable 1',
     'You pick up the bowl 2 from the sidetable 1.'),
)
USAGE_FAILING_STEP = 0

REVISION_UPDATE_LIBRARY = LIBRARY + '''

def use_lamp(recep):
    goto(recep)
    return use("desklamp")
'''

REVISION_UPDATE = Trajectory(
    goal='look at alarmclock under the desklamp.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bed 1, a desk 2, a desk 1, a drawer 3, a drawer 2, a drawer 1, a garbagecan 1, a laundryhamper 1, a safe 1, a shelf 5, a shelf 4, a shelf 3, a shelf 2, and a shelf 1.',
    steps=(
        ('goto("shelf 1")',
         'You arrive at shelf 1. On the shelf 1, you see a alarmclock 1, a cellphone 2, a creditcard 1, a keychain 2, and a pen 1.'),
        ('take("alarmclock 1", "shelf 1")',
         'You pick up the alarmclock 1 from the shelf 1.'),
        ('use_lamp("shelf 4")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.You arrive at shelf 4. On the shelf 4, you see a desklamp 1, a keychain 1, a mug 1, and a pen 2.'),
    ),
)
REVISION_UPDATE_SUB = (
    ('go to shelf 4',
     'You arrive at shelf 4. On the shelf 4, you see a desklamp 1, a keychain 1, a mug 1, and a pen 2.'),
    ('use desklamp',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
)
REVISION_UPDATE_FAILING_STEP = 2

REVISION_PLAN_LIBRARY = LIBRARY + '''

def use_lamp(recep):
    observation = goto(recep)
    lamp = object_id("desklamp", observation)
    if lamp is None:
        return observation
    return use(lamp)
'''

REVISION_PLAN = Trajectory(
    goal='examine the bowl with the desklamp.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bed 1, a desk 1, a drawer 3, a drawer 2, a drawer 1, a garbagecan 1, a laundryhamper 1, a shelf 2, a shelf 1, and a sidetable 1.',
    steps=(
        ('find_and_take("desklamp", ["desk 1", "shelf 2"])',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.You arrive at desk 1. On the desk 1, you see a alarmclock 1, a bowl 3, a bowl 1, a cd 1, a laptop 2, a pen 3, a pen 1, a remotecontrol 2, and a tennisracket 1.You arrive at shelf 2. On the shelf 2, you see a cd 3, a cloth 1, a creditcard 2, a desklamp 1, and a keychain 1.'),
    ),
)
REVISION_PLAN_SUB = (
    ('go to desk 1',
     'You arrive at desk 1. On the desk 1, you see a alarmclock 1, a bowl 3, a bowl 1, a cd 1, a laptop 2, a pen 3, a pen 1, a remotecontrol 2, and a tennisracket 1.'),
    ('go to shelf 2',
     'You arrive at shelf 2. On the shelf 2, you see a cd 3, a cloth 1, a creditcard 2, a desklamp 1, and a keychain 1.'),
    ('take desklamp 1 from shelf 2',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
)
REVISION_PLAN_FAILING_STEP = 0


REFLECTION = """\
I took bowl 1 from desk 1 at once, which was right, but then I looked for the desklamp in drawers, on the bed and in the garbagecan. A lamp stands on a surface, never inside a drawer, and I never went to shelf 2. The episode ended while I was still carrying the bowl around.
Next time:
- While searching for the object, also note where a desklamp stands (desks, sidetables, shelves).
- Check open surfaces for the lamp before anything else; do not open drawers for it.
- With the object in hand, go to the lamp's receptacle and use the lamp by its full name ("desklamp 1")."""

MATERIAL = GameMaterial(
    domain="alfworld",
    game="examine",
    instruction=INSTRUCTION,
    act_example=ACT,
    react_example=REACT,
    reflexion_example=reflexion_text(REFLEXION, REFLECTION),
    creation_example=creation_example('find_and_take("bowl", ["sidetable 1", "desk 1"])\ngoto("shelf 2")\nuse("desklamp 1")'),
    usage_example=USAGE,
    revision_update=RevisionExample.in_episode(
        REVISION_UPDATE, REVISION_UPDATE_FAILING_STEP,
        library=REVISION_UPDATE_LIBRARY,
        sub_trajectory=REVISION_UPDATE_SUB,
        failed_reason=(
            'use_lamp went to shelf 4, where desklamp 1 stands, but then called use with the bare '
            "word 'desklamp'. Objects must be named with their number, so 'use desklamp' was not "
            "valid and the lamp stayed off. use_lamp has to read the lamp's full name from the "
            'observation of the receptacle.'),
        improve="Update: use_lamp",
        content='''```python
def use_lamp(recep):
    observation = goto(recep)
    lamp = object_id("desklamp", observation)
    if lamp is None:
        return observation
    return use(lamp)
```''',
        test_case='''```python
use_lamp("shelf 4")
```''',
    ),
    revision_plan=RevisionExample.in_episode(
        REVISION_PLAN, REVISION_PLAN_FAILING_STEP,
        library=REVISION_PLAN_LIBRARY,
        sub_trajectory=REVISION_PLAN_SUB,
        failed_reason=(
            'find_and_take found desklamp 1 on shelf 2 and tried to take it, but a desklamp cannot be '
            'picked up, so the take was not valid. The lamp stays where it is: the object has to be '
            'brought to it.'),
        improve="Plan: find_and_take",
        content=(
            'Use find_and_take for the object to look at, never for the desklamp. With the object in '
            'hand, go to the receptacle of the desklamp and switch it on there (use_lamp or use).'),
        test_case="",
    ),
    cap_example=None,
)
