"""ALFWorld `put` (pick_and_place_simple): find an object and put it in or on a receptacle.

In-context material for this task type (see learners.material). Every example was played on a
game generated with common.EXAMPLE_SEED (GAMES names them), outside every evaluated task set;
the tests regenerate the games and replay the examples on the real engine.
"""

from learnact_engine.learners.material import GameMaterial, RevisionExample, Trajectory, reflexion_text
from learnact_engine.learners.material.alfworld.common import LIBRARY, creation_example, instruction

INSTRUCTION = instruction(
    "In this task you find an object of the asked type and put it in or on a receptacle of the "
    "asked type: find it, take it, go to the target receptacle (open it if it is closed) and put "
    "it there.")

# The generated game (task folder/trial, seed common.EXAMPLE_SEED) behind each example.
GAMES = {
    "act": "pick_and_place_simple-Cup-None-Cabinet-25/trial_G11011_00006",
    "react": "pick_and_place_simple-WateringCan-None-Dresser-209/trial_G11011_00000",
    "reflexion": "pick_and_place_simple-WateringCan-None-Dresser-209/trial_G11011_00000",
    "usage": "pick_and_place_simple-Cup-None-Cabinet-25/trial_G11011_00006",
    "revision_update": "pick_and_place_simple-WateringCan-None-Dresser-209/trial_G11011_00000",
    "revision_plan": "pick_and_place_simple-Cup-None-Cabinet-25/trial_G11011_00006",
}

ACT = Trajectory(
    goal='put some cup on cabinet.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 8, a cabinet 7, a cabinet 6, a cabinet 5, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 1, a drawer 5, a drawer 4, a drawer 3, a drawer 2, a drawer 1, a fridge 1, a garbagecan 1, a microwave 1, a sinkbasin 1, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('goto("countertop 1")',
         'You arrive at countertop 1. On the countertop 1, you see a bread 3, a bread 1, a cup 2, a egg 3, a lettuce 2, and a saltshaker 1.'),
        ('take("cup", "countertop 1")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
        ('take("cup 2", "countertop 1")',
         'You pick up the cup 2 from the countertop 1.'),
        ('goto("cabinet 1")',
         'You arrive at cabinet 1. The cabinet 1 is closed.'),
        ('open("cabinet 1")',
         'You open the cabinet 1. The cabinet 1 is open. In it, you see nothing.'),
        ('put("cup 2", "cabinet 1")',
         'You move the cup 2 to the cabinet 1.'),
    ),
)

REACT = Trajectory(
    goal='put some wateringcan on dresser.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a armchair 1, a coffeetable 1, a drawer 3, a drawer 2, a drawer 1, a dresser 1, a garbagecan 1, a sidetable 2, a sidetable 1, and a sofa 1.',
    steps=(
        ('Think: I need a wateringcan and then the dresser. A wateringcan is most likely standing on a sidetable, the coffeetable or the dresser itself; the sidetables are closest to check first.',
         'OK.'),
        ('goto("sidetable 1")',
         'You arrive at sidetable 1. On the sidetable 1, you see a creditcard 1, a newspaper 3, and a statue 1.'),
        ('Think: Sidetable 1 has a creditcard, a newspaper and a statue, but no wateringcan. I try sidetable 2 next.',
         'OK.'),
        ('goto("sidetable 2")',
         'You arrive at sidetable 2. On the sidetable 2, you see a book 1, a box 3, a laptop 2, a statue 2, a watch 1, and a wateringcan 1.'),
        ('Think: wateringcan 1 is on sidetable 2. I take it and carry it to dresser 1.',
         'OK.'),
        ('take("wateringcan 1", "sidetable 2")',
         'You pick up the wateringcan 1 from the sidetable 2.'),
        ('goto("dresser 1")',
         'You arrive at dresser 1. On the dresser 1, you see a newspaper 2, and a watch 2.'),
        ('put("wateringcan 1", "dresser 1")',
         'You move the wateringcan 1 to the dresser 1.'),
    ),
)

REFLEXION = Trajectory(
    goal='put some wateringcan on dresser.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a armchair 1, a coffeetable 1, a drawer 3, a drawer 2, a drawer 1, a dresser 1, a garbagecan 1, a sidetable 2, a sidetable 1, and a sofa 1.',
    steps=(
        ('goto("drawer 1")',
         'You arrive at drawer 1. The drawer 1 is closed.'),
        ('open("drawer 1")',
         'You open the drawer 1. The drawer 1 is open. In it, you see a creditcard 2, and a remotecontrol 1.'),
        ('goto("drawer 2")',
         'You arrive at drawer 2. The drawer 2 is closed.'),
        ('open("drawer 2")',
         'You open the drawer 2. The drawer 2 is open. In it, you see nothing.'),
        ('goto("drawer 3")',
         'You arrive at drawer 3. The drawer 3 is closed.'),
        ('open("drawer 3")',
         'You open the drawer 3. The drawer 3 is open. In it, you see a book 2, a pen 3, and a wateringcan 2.'),
        ('take("wateringcan", "drawer 3")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
        ('take("wateringcan 2", "drawer 3")',
         'You pick up the wateringcan 2 from the drawer 3.'),
        ('goto("dresser 1")',
         'You arrive at dresser 1. On the dresser 1, you see a newspaper 2, and a watch 2.'),
        ('put("wateringcan 2", "drawer 3")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
    ),
)

USAGE = Trajectory(
    goal='put some cup on cabinet.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 8, a cabinet 7, a cabinet 6, a cabinet 5, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 1, a drawer 5, a drawer 4, a drawer 3, a drawer 2, a drawer 1, a fridge 1, a garbagecan 1, a microwave 1, a sinkbasin 1, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('find_and_take("cup", ["countertop 1", "cabinet 1", "cabinet 2"])',
         'You arrive at countertop 1. On the countertop 1, you see a bread 3, a bread 1, a cup 2, a egg 3, a lettuce 2, and a saltshaker 1.You pick up the cup 2 from the countertop 1.'),
        ('goto("cabinet 1")',
         'You arrive at cabinet 1. The cabinet 1 is closed.'),
        ('open("cabinet 1")',
         'You open the cabinet 1. The cabinet 1 is open. In it, you see nothing.'),
        ('put("cup 2", "cabinet 1")',
         'You move the cup 2 to the cabinet 1.'),
    ),
)
USAGE_SUB = (
    ('go to countertop 1',
     'You arrive at countertop 1. On the countertop 1, you see a bread 3, a bread 1, a cup 2, a egg 3, a lettuce 2, and a saltshaker 1.'),
    ('take cup 2 from countertop 1',
     'You pick up the cup 2 from the countertop 1.'),
)
USAGE_FAILING_STEP = 0

REVISION_UPDATE_LIBRARY = """\
def find_and_take(obj_type, receps):
    observation = ""
    for recep in receps:
        observation = goto(recep)
        if "is closed" in observation:
            observation = open(recep)
        if obj_type in observation:
            return take(obj_type, recep)
    return observation
"""

REVISION_UPDATE = Trajectory(
    goal='put some wateringcan on dresser.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a armchair 1, a coffeetable 1, a drawer 3, a drawer 2, a drawer 1, a dresser 1, a garbagecan 1, a sidetable 2, a sidetable 1, and a sofa 1.',
    steps=(
        ('find_and_take("wateringcan", ["sidetable 1", "sidetable 2", "coffeetable 1"])',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.You arrive at sidetable 1. On the sidetable 1, you see a creditcard 1, a newspaper 3, and a statue 1.You arrive at sidetable 2. On the sidetable 2, you see a book 1, a box 3, a laptop 2, a statue 2, a watch 1, and a wateringcan 1.'),
    ),
)
REVISION_UPDATE_SUB = (
    ('go to sidetable 1',
     'You arrive at sidetable 1. On the sidetable 1, you see a creditcard 1, a newspaper 3, and a statue 1.'),
    ('go to sidetable 2',
     'You arrive at sidetable 2. On the sidetable 2, you see a book 1, a box 3, a laptop 2, a statue 2, a watch 1, and a wateringcan 1.'),
    ('take wateringcan from sidetable 2',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
)
REVISION_UPDATE_FAILING_STEP = 0

REVISION_PLAN = Trajectory(
    goal='put some cup on cabinet.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 8, a cabinet 7, a cabinet 6, a cabinet 5, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 1, a drawer 5, a drawer 4, a drawer 3, a drawer 2, a drawer 1, a fridge 1, a garbagecan 1, a microwave 1, a sinkbasin 1, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('goto("countertop 1")',
         'You arrive at countertop 1. On the countertop 1, you see a bread 3, a bread 1, a cup 2, a egg 3, a lettuce 2, and a saltshaker 1.'),
        ('take("bread 1", "countertop 1")',
         'You pick up the bread 1 from the countertop 1.'),
        ('goto("cabinet 1")',
         'You arrive at cabinet 1. The cabinet 1 is closed.'),
        ('find_and_take("cup", ["countertop 1", "cabinet 2"])',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.You arrive at countertop 1. On the countertop 1, you see a bread 3, a cup 2, a egg 3, a lettuce 2, and a saltshaker 1.'),
    ),
)
REVISION_PLAN_SUB = (
    ('go to countertop 1',
     'You arrive at countertop 1. On the countertop 1, you see a bread 3, a cup 2, a egg 3, a lettuce 2, and a saltshaker 1.'),
    ('take cup 2 from countertop 1',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
)
REVISION_PLAN_FAILING_STEP = 3


REFLECTION = """\
I opened all three drawers one after the other before looking at any open surface, which cost six \
steps. When I found wateringcan 2 I first tried to take it as "wateringcan", which is not a name \
the game knows. At the dresser I tried to put it into "drawer 3" instead of the dresser I was \
standing at, and the episode ended.
Next time:
- Look on open surfaces (sidetables, coffeetable, dresser) before opening closed drawers.
- Always use the full name from the observation, with its number ("wateringcan 2").
- put names the receptacle where I am and where the object should go, here "dresser 1"."""

MATERIAL = GameMaterial(
    domain="alfworld",
    game="put",
    instruction=INSTRUCTION,
    act_example=ACT,
    react_example=REACT,
    reflexion_example=reflexion_text(REFLEXION, REFLECTION),
    creation_example=creation_example('find_and_take("cup", ["countertop 1", "cabinet 2"])\n'
                                      'goto("cabinet 1")\nput("cup 2", "cabinet 1")'),
    usage_example=USAGE,
    revision_update=RevisionExample.in_episode(
        REVISION_UPDATE, REVISION_UPDATE_FAILING_STEP,
        library=REVISION_UPDATE_LIBRARY,
        sub_trajectory=REVISION_UPDATE_SUB,
        failed_reason=(
            "find_and_take saw a wateringcan on sidetable 2, but it called take with the type name "
            "'wateringcan'. take needs the object's full name as the observation shows it "
            "('wateringcan 1'), so 'take wateringcan from sidetable 2' was not valid. The function must read the object's name "
            "with its number out of the observation before taking it."),
        improve="Update: find_and_take",
        content='''```python
import re


def object_id(obj_type, text):
    match = re.search(r"\\b(" + obj_type + r" \\d+)\\b", text)
    if match is None:
        return None
    return match.group(1)


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
find_and_take("wateringcan", ["sidetable 1", "sidetable 2", "coffeetable 1"])
```''',
    ),
    revision_plan=RevisionExample.in_episode(
        REVISION_PLAN, REVISION_PLAN_FAILING_STEP,
        library=LIBRARY,
        sub_trajectory=REVISION_PLAN_SUB,
        failed_reason=(
            "find_and_take went to countertop 1 and found cup 2, but I was still holding bread 1, "
            "which I had taken before. You can hold only one object, so taking the cup was not "
            "valid. The function works; my hands were not empty when I called it."),
        improve="Plan: find_and_take",
        content=(
            "Call find_and_take only with empty hands: put down whatever you hold first. List the "
            "receptacles where the object is most likely, open surfaces before closed ones."),
        test_case="",
    ),
    cap_example=None,
)
