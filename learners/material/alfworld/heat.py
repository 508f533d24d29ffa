"""ALFWorld `heat` (pick_heat_then_place_in_recep): find an object, heat it with a microwave and put it in a receptacle.

In-context material for this task type (see learners.material). Every example was played on a
game generated with common.EXAMPLE_SEED (GAMES names them), outside every evaluated task set;
the tests regenerate the games and replay the examples on the real engine.
"""

from learnact_engine.learners.material import GameMaterial, RevisionExample, Trajectory, reflexion_text
from learnact_engine.learners.material.alfworld.common import LIBRARY, creation_example, instruction

INSTRUCTION = instruction(
    'In this task you find an object of the asked type, heat it and put it in or on a '
    'receptacle of the asked type. Heating happens at a microwave while you hold the object: '
    'do not put the object into the microwave, just go there and heat it. Then go to the '
    'target receptacle (open it if it is closed) and put the object there.')

# The generated game (task folder/trial, seed common.EXAMPLE_SEED) behind each example.
GAMES = {
    "act": "pick_heat_then_place_in_recep-Bread-None-Fridge-23/trial_G11011_00009",
    "react": "pick_heat_then_place_in_recep-Apple-None-CounterTop-14/trial_G11011_00003",
    "reflexion": "pick_heat_then_place_in_recep-Apple-None-CounterTop-14/trial_G11011_00003",
    "usage": "pick_heat_then_place_in_recep-Bread-None-Fridge-23/trial_G11011_00009",
    "revision_update": "pick_heat_then_place_in_recep-Apple-None-CounterTop-14/trial_G11011_00003",
    "revision_plan": "pick_heat_then_place_in_recep-Bread-None-Fridge-23/trial_G11011_00009",
}

ACT = Trajectory(
    goal='heat some bread and put it in fridge.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 6, a cabinet 5, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 1, a diningtable 1, a drawer 1, a fridge 1, a garbagecan 1, a microwave 1, a sinkbasin 1, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('goto("garbagecan 1")',
         'You arrive at garbagecan 1. On the garbagecan 1, you see a bread 1, a dishsponge 3, a dishsponge 2, a egg 2, a pen 1, a pencil 1, a potato 1, and a soapbottle 3.'),
        ('take("bread 1", "garbagecan 1")',
         'You pick up the bread 1 from the garbagecan 1.'),
        ('goto("microwave 1")',
         'You arrive at microwave 1. The microwave 1 is closed.'),
        ('heat("bread 1", "microwave 1")',
         'You heat the bread 1 using the microwave 1.'),
        ('goto("fridge 1")',
         'You arrive at fridge 1. The fridge 1 is closed.'),
        ('put("bread 1", "fridge 1")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
        ('open("fridge 1")',
         'You open the fridge 1. The fridge 1 is open. In it, you see a apple 2, a apple 1, a egg 1, a lettuce 2, a pan 1, and a plate 2.'),
        ('put("bread 1", "fridge 1")',
         'You move the bread 1 to the fridge 1.'),
    ),
)

REACT = Trajectory(
    goal='put a hot apple in countertop.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 2, a countertop 1, a fridge 1, a garbagecan 1, a microwave 1, a sinkbasin 1, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('Think: I need an apple, heat it in microwave 1 and put it on a countertop. Apples are often in the fridge, on a countertop or thrown in the garbagecan; the garbagecan is quick to check because it is open.',
         'OK.'),
        ('goto("garbagecan 1")',
         'You arrive at garbagecan 1. On the garbagecan 1, you see a apple 2, a bread 1, and a potato 1.'),
        ('Think: apple 2 lies in garbagecan 1. I take it and carry it to the microwave.',
         'OK.'),
        ('take("apple 2", "garbagecan 1")',
         'You pick up the apple 2 from the garbagecan 1.'),
        ('goto("microwave 1")',
         'You arrive at microwave 1. The microwave 1 is closed.'),
        ('Think: I am at microwave 1 holding apple 2, so I can heat it right here.',
         'OK.'),
        ('heat("apple 2", "microwave 1")',
         'You heat the apple 2 using the microwave 1.'),
        ('Think: The apple is hot. countertop 1 is the nearest countertop to put it on.',
         'OK.'),
        ('goto("countertop 1")',
         'You arrive at countertop 1. On the countertop 1, you see a butterknife 2, a butterknife 1, a mug 2, a peppershaker 1, a spatula 2, a spoon 2, a spoon 1, and a tomato 2.'),
        ('put("apple 2", "countertop 1")',
         'You move the apple 2 to the countertop 1.'),
    ),
)

REFLEXION = Trajectory(
    goal='put a hot apple in countertop.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 2, a countertop 1, a fridge 1, a garbagecan 1, a microwave 1, a sinkbasin 1, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('goto("fridge 1")',
         'You arrive at fridge 1. The fridge 1 is closed.'),
        ('open("fridge 1")',
         'You open the fridge 1. The fridge 1 is open. In it, you see a egg 2, a egg 1, a lettuce 1, and a mug 3.'),
        ('goto("garbagecan 1")',
         'You arrive at garbagecan 1. On the garbagecan 1, you see a apple 2, a bread 1, and a potato 1.'),
        ('take("apple 2", "garbagecan 1")',
         'You pick up the apple 2 from the garbagecan 1.'),
        ('goto("countertop 1")',
         'You arrive at countertop 1. On the countertop 1, you see a butterknife 2, a butterknife 1, a mug 2, a peppershaker 1, a spatula 2, a spoon 2, a spoon 1, and a tomato 2.'),
        ('put("apple 2", "countertop 1")',
         'You move the apple 2 to the countertop 1.'),
        ('heat("apple 2", "countertop 1")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
        ('take("apple 2", "countertop 1")',
         'You pick up the apple 2 from the countertop 1.'),
        ('goto("stoveburner 1")',
         'You arrive at stoveburner 1. On the stoveburner 1, you see nothing.'),
        ('heat("apple 2", "stoveburner 1")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
    ),
)

USAGE = Trajectory(
    goal='heat some bread and put it in fridge.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 6, a cabinet 5, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 1, a diningtable 1, a drawer 1, a fridge 1, a garbagecan 1, a microwave 1, a sinkbasin 1, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('find_and_take("bread", ["countertop 1", "diningtable 1", "garbagecan 1"])',
         'You arrive at countertop 1. On the countertop 1, you see a apple 3, a butterknife 2, a fork 3, a knife 2, a soapbottle 2, a spatula 2, and a spatula 1.You arrive at diningtable 1. On the diningtable 1, you see a cup 1, a knife 1, a lettuce 1, a potato 2, a saltshaker 1, a soapbottle 1, and a spatula 3.You arrive at garbagecan 1. On the garbagecan 1, you see a bread 1, a dishsponge 3, a dishsponge 2, a egg 2, a pen 1, a pencil 1, a potato 1, and a soapbottle 3.You pick up the bread 1 from the garbagecan 1.'),
        ('goto("microwave 1")',
         'You arrive at microwave 1. The microwave 1 is closed.'),
        ('heat("bread 1", "microwave 1")',
         'You heat the bread 1 using the microwave 1.'),
        ('goto("fridge 1")',
         'You arrive at fridge 1. The fridge 1 is closed.'),
        ('open("fridge 1")',
         'You open the fridge 1. The fridge 1 is open. In it, you see a apple 2, a apple 1, a egg 1, a lettuce 2, a pan 1, and a plate 2.'),
        ('put("bread 1", "fridge 1")',
         'You move the bread 1 to the fridge 1.'),
    ),
)
USAGE_SUB = (
    ('go to countertop 1',
     'You arrive at countertop 1. On the countertop 1, you see a apple 3, a butterknife 2, a fork 3, a knife 2, a soapbottle 2, a spatula 2, and a spatula 1.'),
    ('go to diningtable 1',
     'You arrive at diningtable 1. On the diningtable 1, you see a cup 1, a knife 1, a lettuce 1, a potato 2, a saltshaker 1, a soapbottle 1, and a spatula 3.'),
    ('go to garbagecan 1',
     'You arrive at garbagecan 1. On the garbagecan 1, you see a bread 1, a dishsponge 3, a dishsponge 2, a egg 2, a pen 1, a pencil 1, a potato 1, and a soapbottle 3.'),
    ('take bread 1 from garbagecan 1',
     'You pick up the bread 1 from the garbagecan 1.'),
)
USAGE_FAILING_STEP = 0

REVISION_UPDATE_LIBRARY = LIBRARY + '''

def heat_object(obj, microwave):
    observation = goto(microwave)
    if "is closed" in observation:
        open(microwave)
    put(obj, microwave)
    return heat(obj, microwave)
'''

REVISION_UPDATE = Trajectory(
    goal='put a hot apple in countertop.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 2, a countertop 1, a fridge 1, a garbagecan 1, a microwave 1, a sinkbasin 1, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('goto("garbagecan 1")',
         'You arrive at garbagecan 1. On the garbagecan 1, you see a apple 2, a bread 1, and a potato 1.'),
        ('take("apple 2", "garbagecan 1")',
         'You pick up the apple 2 from the garbagecan 1.'),
        ('heat_object("apple 2", "microwave 1")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.You arrive at microwave 1. The microwave 1 is closed.You open the microwave 1. The microwave 1 is open. In it, you see a apple 1, and a egg 3.You move the apple 2 to the microwave 1.'),
    ),
)
REVISION_UPDATE_SUB = (
    ('go to microwave 1',
     'You arrive at microwave 1. The microwave 1 is closed.'),
    ('open microwave 1',
     'You open the microwave 1. The microwave 1 is open. In it, you see a apple 1, and a egg 3.'),
    ('move apple 2 to microwave 1',
     'You move the apple 2 to the microwave 1.'),
    ('heat apple 2 with microwave 1',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
)
REVISION_UPDATE_FAILING_STEP = 2

REVISION_PLAN_LIBRARY = LIBRARY + '''

def heat_object(obj, microwave):
    goto(microwave)
    return heat(obj, microwave)
'''

REVISION_PLAN = Trajectory(
    goal='heat some bread and put it in fridge.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a cabinet 6, a cabinet 5, a cabinet 4, a cabinet 3, a cabinet 2, a cabinet 1, a coffeemachine 1, a countertop 1, a diningtable 1, a drawer 1, a fridge 1, a garbagecan 1, a microwave 1, a sinkbasin 1, a stoveburner 2, a stoveburner 1, and a toaster 1.',
    steps=(
        ('goto("garbagecan 1")',
         'You arrive at garbagecan 1. On the garbagecan 1, you see a bread 1, a dishsponge 3, a dishsponge 2, a egg 2, a pen 1, a pencil 1, a potato 1, and a soapbottle 3.'),
        ('heat_object("bread 1", "microwave 1")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.You arrive at microwave 1. The microwave 1 is closed.'),
    ),
)
REVISION_PLAN_SUB = (
    ('go to microwave 1',
     'You arrive at microwave 1. The microwave 1 is closed.'),
    ('heat bread 1 with microwave 1',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
)
REVISION_PLAN_FAILING_STEP = 1


REFLECTION = """\
I opened the fridge first although I did not need anything from it. After taking apple 2 from the garbagecan I put it on countertop 1 before heating it, and then tried to heat it on the countertop and on a stoveburner. Heating only works with the microwave while holding the object, so the apple never became hot.
Next time:
- Find and take the object first, then go to microwave 1 and heat it while holding it.
- Put the object on the target receptacle only after it has been heated.
- Do not open receptacles that cannot contain what I am looking for."""

MATERIAL = GameMaterial(
    domain="alfworld",
    game="heat",
    instruction=INSTRUCTION,
    act_example=ACT,
    react_example=REACT,
    reflexion_example=reflexion_text(REFLEXION, REFLECTION),
    creation_example=creation_example('find_and_take("bread", ["countertop 1", "garbagecan 1"])\ngoto("microwave 1")\nheat("bread 1", "microwave 1")'),
    usage_example=USAGE,
    revision_update=RevisionExample.in_episode(
        REVISION_UPDATE, REVISION_UPDATE_FAILING_STEP,
        library=REVISION_UPDATE_LIBRARY,
        sub_trajectory=REVISION_UPDATE_SUB,
        failed_reason=(
            'heat_object went to microwave 1, opened it and put apple 2 inside, so I no longer held '
            'the apple when it called heat, and heat needs the object in hand: it was not valid. The '
            'microwave does not have to be opened or loaded; the function should go there and heat '
            'the held object directly.'),
        improve="Update: heat_object",
        content='''```python
def heat_object(obj, microwave):
    goto(microwave)
    return heat(obj, microwave)
```''',
        test_case='''```python
heat_object("apple 2", "microwave 1")
```''',
    ),
    revision_plan=RevisionExample.in_episode(
        REVISION_PLAN, REVISION_PLAN_FAILING_STEP,
        library=REVISION_PLAN_LIBRARY,
        sub_trajectory=REVISION_PLAN_SUB,
        failed_reason=(
            'I saw bread 1 in garbagecan 1 but called heat_object without taking it. heat_object went '
            'to the microwave and tried to heat bread 1, which was still in the garbagecan, so the '
            'heat was not valid. The function is fine; it only heats an object I am already holding.'),
        improve="Plan: heat_object",
        content=(
            'Call heat_object only while holding the object: take it first (for example with '
            'find_and_take), then call heat_object with its full name and the microwave.'),
        test_case="",
    ),
    cap_example=None,
)
