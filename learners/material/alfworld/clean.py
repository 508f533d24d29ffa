"""ALFWorld `clean` (pick_clean_then_place_in_recep): find an object, clean it at a sinkbasin and put it in a receptacle.

In-context material for this task type (see learners.material). Every example was played on a
game generated with common.EXAMPLE_SEED (GAMES names them), outside every evaluated task set;
the tests regenerate the games and replay the examples on the real engine.
"""

from learnact_engine.learners.material import GameMaterial, RevisionExample, Trajectory, reflexion_text
from learnact_engine.learners.material.alfworld.common import LIBRARY, creation_example, instruction

INSTRUCTION = instruction(
    'In this task you find an object of the asked type, clean it and put it in or on a '
    'receptacle of the asked type. Cleaning happens at a sinkbasin (not a bathtubbasin) while '
    'you hold the object: take it, go to the sinkbasin, clean it, then go to the target '
    'receptacle and put it there. An object put down before it is cleaned does not count.')

# The generated game (task folder/trial, seed common.EXAMPLE_SEED) behind each example.
GAMES = {
    "act": "pick_clean_then_place_in_recep-Fork-None-DiningTable-17/trial_G11011_00008",
    "react": "pick_clean_then_place_in_recep-SoapBar-None-CounterTop-408/trial_G11011_00002",
    "reflexion": "pick_clean_then_place_in_recep-SoapBar-None-CounterTop-408/trial_G11011_00002",
    "usage": "pick_clean_then_place_in_recep-Fork-None-DiningTable-17/trial_G11011_00008",
    "revision_update": "pick_clean_then_place_in_recep-SoapBar-None-CounterTop-408/trial_G11011_00002",
    "revision_plan": "pick_clean_then_place_in_recep-SoapBar-None-CounterTop-408/trial_G11011_00002",
}

ACT = Trajectory(
    goal='put a clean fork in diningtable.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 9, a cabinet 8, a cabinet 7, a cabinet 6, a cabinet 5, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 2, a countertop 1, a diningtable 2, a diningtable 1, a drawer 1, a fridge 1, a garbagecan 1, a microwave 1, a sinkbasin 1, a stoveburner 3, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('goto("sinkbasin 1")',
         'You arrive at sinkbasin 1. On the sinkbasin 1, you see a butterknife 2, a fork 1, a knife 3, a pot 3, a potato 3, and a tomato 2.'),
        ('clean("fork 1", "sinkbasin 1")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
        ('take("fork 1", "sinkbasin 1")',
         'You pick up the fork 1 from the sinkbasin 1.'),
        ('clean("fork 1", "sinkbasin 1")',
         'You clean the fork 1 using the sinkbasin 1.'),
        ('goto("diningtable 1")',
         'You arrive at diningtable 1. On the diningtable 1, you see a bread 2, a kettle 1, a tomato 1, and a winebottle 2.'),
        ('put("fork 1", "diningtable 1")',
         'You move the fork 1 to the diningtable 1.'),
    ),
)

REACT = Trajectory(
    goal='put a clean soapbar in countertop.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bathtubbasin 1, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a countertop 1, a garbagecan 1, a handtowelholder 1, a sinkbasin 2, a sinkbasin 1, a toilet 1, a toiletpaperhanger 1, and a towelholder 1.',
    steps=(
        ('Think: I need a soapbar, clean it at a sinkbasin and put it on countertop 1. In a bathroom soap is usually kept in a cabinet, on the toilet or by a sink, so I start with the cabinets.',
         'OK.'),
        ('goto("cabinet 1")',
         'You arrive at cabinet 1. The cabinet 1 is closed.'),
        ('Think: cabinet 1 is closed; I open it to see what is inside.',
         'OK.'),
        ('open("cabinet 1")',
         'You open the cabinet 1. The cabinet 1 is open. In it, you see a soapbar 1, and a soapbottle 1.'),
        ('Think: soapbar 1 is in cabinet 1. I take it and wash it at sinkbasin 1 before bringing it to the countertop.',
         'OK.'),
        ('take("soapbar 1", "cabinet 1")',
         'You pick up the soapbar 1 from the cabinet 1.'),
        ('goto("sinkbasin 1")',
         'You arrive at sinkbasin 1. On the sinkbasin 1, you see nothing.'),
        ('clean("soapbar 1", "sinkbasin 1")',
         'You clean the soapbar 1 using the sinkbasin 1.'),
        ('Think: The soapbar is clean now, so the last step is to put it on countertop 1.',
         'OK.'),
        ('goto("countertop 1")',
         'You arrive at countertop 1. On the countertop 1, you see a candle 1.'),
        ('put("soapbar 1", "countertop 1")',
         'You move the soapbar 1 to the countertop 1.'),
    ),
)

REFLEXION = Trajectory(
    goal='put a clean soapbar in countertop.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bathtubbasin 1, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a countertop 1, a garbagecan 1, a handtowelholder 1, a sinkbasin 2, a sinkbasin 1, a toilet 1, a toiletpaperhanger 1, and a towelholder 1.',
    steps=(
        ('goto("countertop 1")',
         'You arrive at countertop 1. On the countertop 1, you see a candle 1.'),
        ('goto("toilet 1")',
         'You arrive at toilet 1. On the toilet 1, you see a spraybottle 2.'),
        ('goto("cabinet 1")',
         'You arrive at cabinet 1. The cabinet 1 is closed.'),
        ('open("cabinet 1")',
         'You open the cabinet 1. The cabinet 1 is open. In it, you see a soapbar 1, and a soapbottle 1.'),
        ('take("soapbar 1", "cabinet 1")',
         'You pick up the soapbar 1 from the cabinet 1.'),
        ('goto("countertop 1")',
         'You arrive at countertop 1. On the countertop 1, you see a candle 1.'),
        ('put("soapbar 1", "countertop 1")',
         'You move the soapbar 1 to the countertop 1.'),
        ('take("soapbar 1", "countertop 1")',
         'You pick up the soapbar 1 from the countertop 1.'),
        ('goto("sinkbasin 1")',
         'You arrive at sinkbasin 1. On the sinkbasin 1, you see nothing.'),
        ('clean("soapbar 1", "sinkbasin 1")',
         'You clean the soapbar 1 using the sinkbasin 1.'),
    ),
)

USAGE = Trajectory(
    goal='put a clean fork in diningtable.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 9, a cabinet 8, a cabinet 7, a cabinet 6, a cabinet 5, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 2, a countertop 1, a diningtable 2, a diningtable 1, a drawer 1, a fridge 1, a garbagecan 1, a microwave 1, a sinkbasin 1, a stoveburner 3, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('find_and_take("fork", ["countertop 1", "countertop 2", "sinkbasin 1"])',
         'You arrive at countertop 1. On the countertop 1, you see a cellphone 2, a cellphone 1, a egg 2, and a potato 2.You arrive at countertop 2. On the countertop 2, you see a bread 1, a dishsponge 3, a potato 1, and a spoon 1.You arrive at sinkbasin 1. On the sinkbasin 1, you see a butterknife 2, a fork 1, a knife 3, a pot 3, a potato 3, and a tomato 2.You pick up the fork 1 from the sinkbasin 1.'),
        ('clean("fork 1", "sinkbasin 1")',
         'You clean the fork 1 using the sinkbasin 1.'),
        ('goto("diningtable 1")',
         'You arrive at diningtable 1. On the diningtable 1, you see a bread 2, a kettle 1, a tomato 1, and a winebottle 2.'),
        ('put("fork 1", "diningtable 1")',
         'You move the fork 1 to the diningtable 1.'),
    ),
)
USAGE_SUB = (
    ('go to countertop 1',
     'You arrive at countertop 1. On the countertop 1, you see a cellphone 2, a cellphone 1, a egg 2, and a potato 2.'),
    ('go to countertop 2',
     'You arrive at countertop 2. On the countertop 2, you see a bread 1, a dishsponge 3, a potato 1, and a spoon 1.'),
    ('go to sinkbasin 1',
     'You arrive at sinkbasin 1. On the sinkbasin 1, you see a butterknife 2, a fork 1, a knife 3, a pot 3, a potato 3, and a tomato 2.'),
    ('take fork 1 from sinkbasin 1',
     'You pick up the fork 1 from the sinkbasin 1.'),
)
USAGE_FAILING_STEP = 0

REVISION_UPDATE_LIBRARY = LIBRARY + '''

def take_and_clean(obj_type, receps, sink):
    observation = find_and_take(obj_type, receps)
    name = object_id(obj_type, observation)
    return clean(name, sink)
'''

REVISION_UPDATE = Trajectory(
    goal='put a clean soapbar in countertop.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bathtubbasin 1, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a countertop 1, a garbagecan 1, a handtowelholder 1, a sinkbasin 2, a sinkbasin 1, a toilet 1, a toiletpaperhanger 1, and a towelholder 1.',
    steps=(
        ('take_and_clean("soapbar", ["countertop 1", "cabinet 1"], "sinkbasin 1")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.You arrive at countertop 1. On the countertop 1, you see a candle 1.You arrive at cabinet 1. The cabinet 1 is closed.You open the cabinet 1. The cabinet 1 is open. In it, you see a soapbar 1, and a soapbottle 1.You pick up the soapbar 1 from the cabinet 1.'),
    ),
)
REVISION_UPDATE_SUB = (
    ('go to countertop 1',
     'You arrive at countertop 1. On the countertop 1, you see a candle 1.'),
    ('go to cabinet 1',
     'You arrive at cabinet 1. The cabinet 1 is closed.'),
    ('open cabinet 1',
     'You open the cabinet 1. The cabinet 1 is open. In it, you see a soapbar 1, and a soapbottle 1.'),
    ('take soapbar 1 from cabinet 1',
     'You pick up the soapbar 1 from the cabinet 1.'),
    ('clean soapbar 1 with sinkbasin 1',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
)
REVISION_UPDATE_FAILING_STEP = 0

REVISION_PLAN_LIBRARY = LIBRARY + '''

def take_and_clean(obj_type, receps, sink):
    observation = find_and_take(obj_type, receps)
    name = object_id(obj_type, observation)
    if name is None:
        return observation
    goto(sink)
    return clean(name, sink)
'''

REVISION_PLAN = Trajectory(
    goal='put a clean soapbar in countertop.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bathtubbasin 1, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a countertop 1, a garbagecan 1, a handtowelholder 1, a sinkbasin 2, a sinkbasin 1, a toilet 1, a toiletpaperhanger 1, and a towelholder 1.',
    steps=(
        ('take_and_clean("soapbar", ["countertop 1", "cabinet 1"], "bathtubbasin 1")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.You arrive at countertop 1. On the countertop 1, you see a candle 1.You arrive at cabinet 1. The cabinet 1 is closed.You open the cabinet 1. The cabinet 1 is open. In it, you see a soapbar 1, and a soapbottle 1.You pick up the soapbar 1 from the cabinet 1.You arrive at bathtubbasin 1. On the bathtubbasin 1, you see a handtowel 1.'),
    ),
)
REVISION_PLAN_SUB = (
    ('go to countertop 1',
     'You arrive at countertop 1. On the countertop 1, you see a candle 1.'),
    ('go to cabinet 1',
     'You arrive at cabinet 1. The cabinet 1 is closed.'),
    ('open cabinet 1',
     'You open the cabinet 1. The cabinet 1 is open. In it, you see a soapbar 1, and a soapbottle 1.'),
    ('take soapbar 1 from cabinet 1',
     'You pick up the soapbar 1 from the cabinet 1.'),
    ('go to bathtubbasin 1',
     'You arrive at bathtubbasin 1. On the bathtubbasin 1, you see a handtowel 1.'),
    ('clean soapbar 1 with bathtubbasin 1',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
)
REVISION_PLAN_FAILING_STEP = 0


REFLECTION = """\
I found soapbar 1 in cabinet 1 and carried it straight to countertop 1. Putting it there did not finish the task, because the task asks for a clean soapbar, so I had to take it back, walk to the sinkbasin and clean it, and the episode ended before I could return it. I also spent two steps on the countertop and the toilet before trying the cabinets.
Next time:
- Read what the object must be (clean) and plan the order: find, take, clean at a sinkbasin, then place.
- Only put the object on the target after it has been cleaned.
- In a bathroom, look in the cabinets first for soap."""

MATERIAL = GameMaterial(
    domain="alfworld",
    game="clean",
    instruction=INSTRUCTION,
    act_example=ACT,
    react_example=REACT,
    reflexion_example=reflexion_text(REFLEXION, REFLECTION),
    creation_example=creation_example('find_and_take("fork", ["countertop 1", "sinkbasin 1"])\nclean("fork 1", "sinkbasin 1")'),
    usage_example=USAGE,
    revision_update=RevisionExample.in_episode(
        REVISION_UPDATE, REVISION_UPDATE_FAILING_STEP,
        library=REVISION_UPDATE_LIBRARY,
        sub_trajectory=REVISION_UPDATE_SUB,
        failed_reason=(
            'find_and_take found soapbar 1 in cabinet 1 and took it, so I held it while still '
            'standing at cabinet 1. take_and_clean then called clean with sinkbasin 1 without going '
            'there, and cleaning only works at the sinkbasin you are at. The function must go to the '
            'sink before cleaning.'),
        improve="Update: take_and_clean",
        content='''```python
def take_and_clean(obj_type, receps, sink):
    observation = find_and_take(obj_type, receps)
    name = object_id(obj_type, observation)
    if name is None:
        return observation
    goto(sink)
    return clean(name, sink)
```''',
        test_case='''```python
take_and_clean("soapbar", ["countertop 1", "cabinet 1"], "sinkbasin 1")
```''',
    ),
    revision_plan=RevisionExample.in_episode(
        REVISION_PLAN, REVISION_PLAN_FAILING_STEP,
        library=REVISION_PLAN_LIBRARY,
        sub_trajectory=REVISION_PLAN_SUB,
        failed_reason=(
            'take_and_clean took soapbar 1 and went to bathtubbasin 1, which I had passed as the '
            'sink, but a bathtubbasin cannot be used for cleaning, so the clean was not valid. The '
            'function works; I gave it the wrong receptacle.'),
        improve="Plan: take_and_clean",
        content=(
            'Pass a sinkbasin (e.g. sinkbasin 1) as sink: only a sinkbasin can clean, never a '
            'bathtubbasin or a countertop. Call it with empty hands and with the receptacles where '
            'the object may be.'),
        test_case="",
    ),
    cap_example=None,
)
