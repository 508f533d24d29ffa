"""ALFWorld `cool` (pick_cool_then_place_in_recep): find an object, cool it with a fridge and put it in a receptacle.

In-context material for this task type (see learners.material). Every example was played on a
game generated with common.EXAMPLE_SEED (GAMES names them), outside every evaluated task set;
the tests regenerate the games and replay the examples on the real engine.
"""

from learnact_engine.learners.material import GameMaterial, RevisionExample, Trajectory, reflexion_text
from learnact_engine.learners.material.alfworld.common import LIBRARY, creation_example, instruction

INSTRUCTION = instruction(
    'In this task you find an object of the asked type, cool it and put it in or on a '
    'receptacle of the asked type. Cooling happens at a fridge while you hold the object; the '
    'fridge does not need to be opened for it. Then go to the target receptacle (open it if '
    'it is closed) and put the object there.')

# The generated game (task folder/trial, seed common.EXAMPLE_SEED) behind each example.
GAMES = {
    "act": "pick_cool_then_place_in_recep-Cup-None-SinkBasin-6/trial_G11011_00010",
    "react": "pick_cool_then_place_in_recep-Bowl-None-SinkBasin-10/trial_G11011_00004",
    "reflexion": "pick_cool_then_place_in_recep-Cup-None-SinkBasin-6/trial_G11011_00010",
    "usage": "pick_cool_then_place_in_recep-Cup-None-SinkBasin-6/trial_G11011_00010",
    "revision_update": "pick_cool_then_place_in_recep-Bowl-None-SinkBasin-10/trial_G11011_00004",
    "revision_plan": "pick_cool_then_place_in_recep-Bowl-None-SinkBasin-10/trial_G11011_00004",
}

ACT = Trajectory(
    goal='put a cool cup in sinkbasin.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 15, a cabinet 14, a cabinet 13, a cabinet 12, a cabinet 11, a cabinet 10, a cabinet 9, a cabinet 8, a cabinet 7, a cabinet 6, a cabinet 5, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 4, a countertop 3, a countertop 2, a countertop 1, a drawer 4, a drawer 3, a drawer 2, a drawer 1, a fridge 1, a garbagecan 1, a microwave 1, a sinkbasin 1, a stoveburner 4, a stoveburner 3, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('goto("countertop 1")',
         'You arrive at countertop 1. On the countertop 1, you see a pan 2, a plate 2, and a pot 1.'),
        ('goto("cabinet 14")',
         'You arrive at cabinet 14. The cabinet 14 is closed.'),
        ('take("cup 1", "cabinet 14")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
        ('open("cabinet 14")',
         'You open the cabinet 14. The cabinet 14 is open. In it, you see a cup 1, and a plate 1.'),
        ('take("cup 1", "cabinet 14")',
         'You pick up the cup 1 from the cabinet 14.'),
        ('goto("fridge 1")',
         'You arrive at fridge 1. The fridge 1 is closed.'),
        ('cool("cup 1", "fridge 1")',
         'You cool the cup 1 using the fridge 1.'),
        ('goto("sinkbasin 1")',
         'You arrive at sinkbasin 1. On the sinkbasin 1, you see a tomato 1.'),
        ('put("cup 1", "sinkbasin 1")',
         'You move the cup 1 to the sinkbasin 1.'),
    ),
)

REACT = Trajectory(
    goal='cool some bowl and put it in sinkbasin.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 3, a countertop 2, a countertop 1, a drawer 3, a drawer 2, a drawer 1, a fridge 1, a garbagecan 1, a microwave 1, a shelf 3, a shelf 2, a shelf 1, a sinkbasin 1, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('Think: I need a bowl, cool it in fridge 1 and put it in sinkbasin 1. Bowls are kept on shelves, countertops or in cabinets; the open shelves and countertops can be checked without opening anything.',
         'OK.'),
        ('goto("countertop 1")',
         'You arrive at countertop 1. On the countertop 1, you see a butterknife 1, a egg 2, a potato 1, and a vase 1.'),
        ('Think: No bowl on countertop 1. The shelves are next; shelf 1 first.',
         'OK.'),
        ('goto("shelf 1")',
         'You arrive at shelf 1. On the shelf 1, you see a dishsponge 3, a plate 2, and a pot 2.'),
        ('goto("shelf 2")',
         'You arrive at shelf 2. On the shelf 2, you see a bowl 1, a cup 2, a pot 1, a saltshaker 1, and a statue 1.'),
        ('Think: bowl 1 is on shelf 2. I take it, cool it with fridge 1, then bring it to the sinkbasin.',
         'OK.'),
        ('take("bowl 1", "shelf 2")',
         'You pick up the bowl 1 from the shelf 2.'),
        ('goto("fridge 1")',
         'You arrive at fridge 1. The fridge 1 is closed.'),
        ('cool("bowl 1", "fridge 1")',
         'You cool the bowl 1 using the fridge 1.'),
        ('goto("sinkbasin 1")',
         'You arrive at sinkbasin 1. On the sinkbasin 1, you see a cup 3, and a spatula 1.'),
        ('put("bowl 1", "sinkbasin 1")',
         'You move the bowl 1 to the sinkbasin 1.'),
    ),
)

REFLEXION = Trajectory(
    goal='put a cool cup in sinkbasin.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 15, a cabinet 14, a cabinet 13, a cabinet 12, a cabinet 11, a cabinet 10, a cabinet 9, a cabinet 8, a cabinet 7, a cabinet 6, a cabinet 5, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 4, a countertop 3, a countertop 2, a countertop 1, a drawer 4, a drawer 3, a drawer 2, a drawer 1, a fridge 1, a garbagecan 1, a microwave 1, a sinkbasin 1, a stoveburner 4, a stoveburner 3, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('goto("cabinet 1")',
         'You arrive at cabinet 1. The cabinet 1 is closed.'),
        ('open("cabinet 1")',
         'You open the cabinet 1. The cabinet 1 is open. In it, you see a dishsponge 1.'),
        ('goto("cabinet 2")',
         'You arrive at cabinet 2. The cabinet 2 is closed.'),
        ('open("cabinet 2")',
         'You open the cabinet 2. The cabinet 2 is open. In it, you see a bowl 3.'),
        ('goto("cabinet 3")',
         'You arrive at cabinet 3. The cabinet 3 is closed.'),
        ('open("cabinet 3")',
         'You open the cabinet 3. The cabinet 3 is open. In it, you see nothing.'),
        ('goto("cabinet 4")',
         'You arrive at cabinet 4. The cabinet 4 is closed.'),
        ('open("cabinet 4")',
         'You open the cabinet 4. The cabinet 4 is open. In it, you see a mug 2, and a saltshaker 2.'),
        ('goto("cabinet 5")',
         'You arrive at cabinet 5. The cabinet 5 is closed.'),
        ('open("cabinet 5")',
         'You open the cabinet 5. The cabinet 5 is open. In it, you see nothing.'),
    ),
)

USAGE = Trajectory(
    goal='put a cool cup in sinkbasin.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 15, a cabinet 14, a cabinet 13, a cabinet 12, a cabinet 11, a cabinet 10, a cabinet 9, a cabinet 8, a cabinet 7, a cabinet 6, a cabinet 5, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 4, a countertop 3, a countertop 2, a countertop 1, a drawer 4, a drawer 3, a drawer 2, a drawer 1, a fridge 1, a garbagecan 1, a microwave 1, a sinkbasin 1, a stoveburner 4, a stoveburner 3, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('find_and_take("cup", ["countertop 1", "sinkbasin 1", "cabinet 13", "cabinet 14"])',
         'You arrive at countertop 1. On the countertop 1, you see a pan 2, a plate 2, and a pot 1.You arrive at sinkbasin 1. On the sinkbasin 1, you see a tomato 1.You arrive at cabinet 13. The cabinet 13 is closed.You open the cabinet 13. The cabinet 13 is open. In it, you see nothing.You arrive at cabinet 14. The cabinet 14 is closed.You open the cabinet 14. The cabinet 14 is open. In it, you see a cup 1, and a plate 1.You pick up the cup 1 from the cabinet 14.'),
        ('goto("fridge 1")',
         'You arrive at fridge 1. The fridge 1 is closed.'),
        ('cool("cup 1", "fridge 1")',
         'You cool the cup 1 using the fridge 1.'),
        ('goto("sinkbasin 1")',
         'You arrive at sinkbasin 1. On the sinkbasin 1, you see a tomato 1.'),
        ('put("cup 1", "sinkbasin 1")',
         'You move the cup 1 to the sinkbasin 1.'),
    ),
)
USAGE_SUB = (
    ('go to countertop 1',
     'You arrive at countertop 1. On the countertop 1, you see a pan 2, a plate 2, and a pot 1.'),
    ('go to sinkbasin 1',
     'You arrive at sinkbasin 1. On the sinkbasin 1, you see a tomato 1.'),
    ('go to cabinet 13',
     'You arrive at cabinet 13. The cabinet 13 is closed.'),
    ('open cabinet 13',
     'You open the cabinet 13. The cabinet 13 is open. In it, you see nothing.'),
    ('go to cabinet 14',
     'You arrive at cabinet 14. The cabinet 14 is closed.'),
    ('open cabinet 14',
     'You open the cabinet 14. The cabinet 14 is open. In it, you see a cup 1, and a plate 1.'),
    ('take cup 1 from cabinet 14',
     'You pick up the cup 1 from the cabinet 14.'),
)
USAGE_FAILING_STEP = 0

REVISION_UPDATE_LIBRARY = """\
import re


def object_id(obj_type, text):
    match = re.search(r"\\b(" + obj_type + r" \\d+)\\b", text)
    if match is None:
        return None
    return match.group(1)


def find_and_take(obj_type, receps):
    for recep in receps:
        observation = goto(recep)
        if "is closed" in observation:
            observation = open(recep)
        name = object_id(obj_type, observation)
        return take(name, recep)
"""

REVISION_UPDATE = Trajectory(
    goal='cool some bowl and put it in sinkbasin.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 3, a countertop 2, a countertop 1, a drawer 3, a drawer 2, a drawer 1, a fridge 1, a garbagecan 1, a microwave 1, a shelf 3, a shelf 2, a shelf 1, a sinkbasin 1, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('find_and_take("bowl", ["countertop 1", "shelf 1", "shelf 2"])',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
    ),
)
REVISION_UPDATE_SUB = (
    ('go to countertop 1',
     'You arrive at countertop 1. On the countertop 1, you see a butterknife 1, a egg 2, a potato 1, and a vase 1.'),
    ("take(None, 'countertop 1')",
     ''),
)
REVISION_UPDATE_FAILING_STEP = 0

REVISION_PLAN_LIBRARY = LIBRARY + '''

def cool_and_put(obj, fridge, target):
    goto(fridge)
    cool(obj, fridge)
    observation = goto(target)
    if "is closed" in observation:
        open(target)
    return put(obj, target)
'''

REVISION_PLAN = Trajectory(
    goal='cool some bowl and put it in sinkbasin.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 3, a countertop 2, a countertop 1, a drawer 3, a drawer 2, a drawer 1, a fridge 1, a garbagecan 1, a microwave 1, a shelf 3, a shelf 2, a shelf 1, a sinkbasin 1, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('goto("shelf 2")',
         'You arrive at shelf 2. On the shelf 2, you see a bowl 1, a cup 2, a pot 1, a saltshaker 1, and a statue 1.'),
        ('cool_and_put("bowl 1", "fridge 1", "sinkbasin 1")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.You arrive at fridge 1. The fridge 1 is closed.You arrive at sinkbasin 1. On the sinkbasin 1, you see a cup 3, and a spatula 1.'),
    ),
)
REVISION_PLAN_SUB = (
    ('go to fridge 1',
     'You arrive at fridge 1. The fridge 1 is closed.'),
    ('cool bowl 1 with fridge 1',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
    ('go to sinkbasin 1',
     'You arrive at sinkbasin 1. On the sinkbasin 1, you see a cup 3, and a spatula 1.'),
    ('move bowl 1 to sinkbasin 1',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
)
REVISION_PLAN_FAILING_STEP = 1


REFLECTION = """\
I went through the cabinets in order, opening each one, and spent all ten steps on cabinets 1 to 5 without finding a cup. I never looked at the open places first, and a kitchen with fifteen cabinets cannot be searched one by one in the steps I have.
Next time:
- Check the places where a cup usually stands before opening cabinets: countertops, the sinkbasin, the coffeemachine.
- If the cup is in none of them, open cabinets, but remember the ones already opened.
- Once I hold the cup: go to fridge 1, cool it while holding it, then put it in sinkbasin 1."""

MATERIAL = GameMaterial(
    domain="alfworld",
    game="cool",
    instruction=INSTRUCTION,
    act_example=ACT,
    react_example=REACT,
    reflexion_example=reflexion_text(REFLEXION, REFLECTION),
    creation_example=creation_example('find_and_take("cup", ["countertop 1", "cabinet 14"])\ngoto("fridge 1")\ncool("cup 1", "fridge 1")'),
    usage_example=USAGE,
    revision_update=RevisionExample.in_episode(
        REVISION_UPDATE, REVISION_UPDATE_FAILING_STEP,
        library=REVISION_UPDATE_LIBRARY,
        sub_trajectory=REVISION_UPDATE_SUB,
        failed_reason=(
            'countertop 1 had no bowl, so object_id returned None, yet find_and_take called take '
            'right away with None instead of moving on to shelf 1 and shelf 2. It gives up after the '
            'first receptacle: it must take only when it found the object and otherwise keep '
            'searching the remaining receptacles.'),
        improve="Update: find_and_take",
        content='''```python
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
```''',
        test_case='''```python
find_and_take("bowl", ["countertop 1", "shelf 1", "shelf 2"])
```''',
    ),
    revision_plan=RevisionExample.in_episode(
        REVISION_PLAN, REVISION_PLAN_FAILING_STEP,
        library=REVISION_PLAN_LIBRARY,
        sub_trajectory=REVISION_PLAN_SUB,
        failed_reason=(
            'I was standing next to bowl 1 on shelf 2 but called cool_and_put without taking it. The '
            'cool at fridge 1 failed because I held nothing, and so did the put into sinkbasin 1. '
            'cool_and_put cools and places an object I already hold; it does not pick it up.'),
        improve="Plan: cool_and_put",
        content=(
            'Call cool_and_put only while holding the object (take it first, e.g. with '
            'find_and_take), with its full name, the fridge and the target receptacle.'),
        test_case="",
    ),
    cap_example=None,
)
