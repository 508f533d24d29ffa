"""ALFWorld `puttwo` (pick_two_obj_and_place): find two objects of one type and put both in a receptacle.

In-context material for this task type (see learners.material). Every example was played on a
game generated with common.EXAMPLE_SEED (GAMES names them), outside every evaluated task set;
the tests regenerate the games and replay the examples on the real engine.
"""

from learnact_engine.learners.material import GameMaterial, RevisionExample, Trajectory, reflexion_text
from learnact_engine.learners.material.alfworld.common import LIBRARY, creation_example, instruction

INSTRUCTION = instruction(
    'In this task you put two objects of the asked type in or on one receptacle of the asked '
    'type. You can carry only one object, so move them one at a time: find the first, take '
    'it, put it on the target, then find a second one with a different number and put it '
    'there too. Leave the first one where you put it.')

# The generated game (task folder/trial, seed common.EXAMPLE_SEED) behind each example.
GAMES = {
    "act": "pick_two_obj_and_place-ToiletPaper-None-Drawer-420/trial_G11011_00005",
    "react": "pick_two_obj_and_place-CreditCard-None-Desk-320/trial_G11011_00011",
    "reflexion": "pick_two_obj_and_place-CreditCard-None-Desk-320/trial_G11011_00011",
    "usage": "pick_two_obj_and_place-ToiletPaper-None-Drawer-420/trial_G11011_00005",
    "revision_update": "pick_two_obj_and_place-ToiletPaper-None-Drawer-420/trial_G11011_00005",
    "revision_plan": "pick_two_obj_and_place-ToiletPaper-None-Drawer-420/trial_G11011_00005",
}

ACT = Trajectory(
    goal='find two toiletpaper and put them in drawer.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bathtubbasin 1, a drawer 1, a garbagecan 1, a handtowelholder 1, a sidetable 1, a sinkbasin 1, a toilet 1, a toiletpaperhanger 1, and a towelholder 1.',
    steps=(
        ('goto("toilet 1")',
         'You arrive at toilet 1. On the toilet 1, you see a candle 1, a handtowel 1, a soapbar 1, a soapbottle 1, a toiletpaper 2, and a toiletpaper 1.'),
        ('take("toiletpaper 2", "toilet 1")',
         'You pick up the toiletpaper 2 from the toilet 1.'),
        ('goto("drawer 1")',
         'You arrive at drawer 1. The drawer 1 is closed.'),
        ('put("toiletpaper 2", "drawer 1")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
        ('open("drawer 1")',
         'You open the drawer 1. The drawer 1 is open. In it, you see a candle 3, and a candle 2.'),
        ('put("toiletpaper 2", "drawer 1")',
         'You move the toiletpaper 2 to the drawer 1.'),
        ('goto("toilet 1")',
         'You arrive at toilet 1. On the toilet 1, you see a candle 1, a handtowel 1, a soapbar 1, a soapbottle 1, and a toiletpaper 1.'),
        ('take("toiletpaper 1", "toilet 1")',
         'You pick up the toiletpaper 1 from the toilet 1.'),
        ('goto("drawer 1")',
         'You arrive at drawer 1. The drawer 1 is open. In it, you see a candle 3, a candle 2, and a toiletpaper 2.'),
        ('put("toiletpaper 1", "drawer 1")',
         'You move the toiletpaper 1 to the drawer 1.'),
    ),
)

REACT = Trajectory(
    goal='put two creditcard in desk.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bed 1, a desk 2, a desk 1, a garbagecan 1, a shelf 5, a shelf 4, a shelf 3, a shelf 2, and a shelf 1.',
    steps=(
        ('Think: I must put two creditcards in a desk, one at a time since I can hold only one thing. Creditcards are small and usually lie on shelves or desks; desk 1 will be the target, so I start looking on the shelves.',
         'OK.'),
        ('goto("shelf 1")',
         'You arrive at shelf 1. On the shelf 1, you see a book 1, and a keychain 1.'),
        ('goto("shelf 2")',
         'You arrive at shelf 2. On the shelf 2, you see a creditcard 1, a pen 1, and a pencil 1.'),
        ('Think: creditcard 1 is on shelf 2. I take it to desk 1 first and then come back for the second.',
         'OK.'),
        ('take("creditcard 1", "shelf 2")',
         'You pick up the creditcard 1 from the shelf 2.'),
        ('goto("desk 1")',
         'You arrive at desk 1. On the desk 1, you see a basketball 3, a basketball 1, a cellphone 1, and a tennisracket 2.'),
        ('put("creditcard 1", "desk 1")',
         'You move the creditcard 1 to the desk 1.'),
        ('Think: One creditcard is on desk 1. shelf 2 had only one, so I look for the second on the shelves I have not seen: shelf 3, then shelf 4.',
         'OK.'),
        ('goto("shelf 3")',
         'You arrive at shelf 3. On the shelf 3, you see a alarmclock 2, and a pen 2.'),
        ('goto("shelf 4")',
         'You arrive at shelf 4. On the shelf 4, you see a creditcard 2, and a desklamp 1.'),
        ('take("creditcard 2", "shelf 4")',
         'You pick up the creditcard 2 from the shelf 4.'),
        ('goto("desk 1")',
         'You arrive at desk 1. On the desk 1, you see a basketball 3, a basketball 1, a cellphone 1, a creditcard 1, and a tennisracket 2.'),
        ('put("creditcard 2", "desk 1")',
         'You move the creditcard 2 to the desk 1.'),
    ),
)

REFLEXION = Trajectory(
    goal='put two creditcard in desk.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bed 1, a desk 2, a desk 1, a garbagecan 1, a shelf 5, a shelf 4, a shelf 3, a shelf 2, and a shelf 1.',
    steps=(
        ('goto("shelf 2")',
         'You arrive at shelf 2. On the shelf 2, you see a creditcard 1, a pen 1, and a pencil 1.'),
        ('take("creditcard 1", "shelf 2")',
         'You pick up the creditcard 1 from the shelf 2.'),
        ('goto("desk 1")',
         'You arrive at desk 1. On the desk 1, you see a basketball 3, a basketball 1, a cellphone 1, and a tennisracket 2.'),
        ('put("creditcard 1", "desk 1")',
         'You move the creditcard 1 to the desk 1.'),
        ('goto("shelf 2")',
         'You arrive at shelf 2. On the shelf 2, you see a pen 1, and a pencil 1.'),
        ('take("creditcard 1", "shelf 2")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
        ('goto("desk 1")',
         'You arrive at desk 1. On the desk 1, you see a basketball 3, a basketball 1, a cellphone 1, a creditcard 1, and a tennisracket 2.'),
        ('take("creditcard 1", "desk 1")',
         'You pick up the creditcard 1 from the desk 1.'),
        ('goto("shelf 1")',
         'You arrive at shelf 1. On the shelf 1, you see a book 1, and a keychain 1.'),
        ('goto("shelf 3")',
         'You arrive at shelf 3. On the shelf 3, you see a alarmclock 2, and a pen 2.'),
    ),
)

USAGE = Trajectory(
    goal='find two toiletpaper and put them in drawer.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bathtubbasin 1, a drawer 1, a garbagecan 1, a handtowelholder 1, a sidetable 1, a sinkbasin 1, a toilet 1, a toiletpaperhanger 1, and a towelholder 1.',
    steps=(
        ('find_and_take("toiletpaper", ["toilet 1"])',
         'You arrive at toilet 1. On the toilet 1, you see a candle 1, a handtowel 1, a soapbar 1, a soapbottle 1, a toiletpaper 2, and a toiletpaper 1.You pick up the toiletpaper 2 from the toilet 1.'),
        ('goto("drawer 1")',
         'You arrive at drawer 1. The drawer 1 is closed.'),
        ('open("drawer 1")',
         'You open the drawer 1. The drawer 1 is open. In it, you see a candle 3, and a candle 2.'),
        ('put("toiletpaper 2", "drawer 1")',
         'You move the toiletpaper 2 to the drawer 1.'),
        ('find_and_take("toiletpaper", ["toilet 1"])',
         'You arrive at toilet 1. On the toilet 1, you see a candle 1, a handtowel 1, a soapbar 1, a soapbottle 1, and a toiletpaper 1.You pick up the toiletpaper 1 from the toilet 1.'),
        ('goto("drawer 1")',
         'You arrive at drawer 1. The drawer 1 is open. In it, you see a candle 3, a candle 2, and a toiletpaper 2.'),
        ('put("toiletpaper 1", "drawer 1")',
         'You move the toiletpaper 1 to the drawer 1.'),
    ),
)
USAGE_SUB = (
    ('go to toilet 1',
     'You arrive at toilet 1. On the toilet 1, you see a candle 1, a handtowel 1, a soapbar 1, a soapbottle 1, and a toiletpaper 1.'),
    ('take toiletpaper 1 from toilet 1',
     'You pick up the toiletpaper 1 from the toilet 1.'),
)
USAGE_FAILING_STEP = 4

REVISION_UPDATE_LIBRARY = LIBRARY + '''

def move_to(obj_type, receps, target):
    observation = find_and_take(obj_type, receps)
    name = object_id(obj_type, observation)
    goto(target)
    return put(name, target)
'''

REVISION_UPDATE = Trajectory(
    goal='find two toiletpaper and put them in drawer.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bathtubbasin 1, a drawer 1, a garbagecan 1, a handtowelholder 1, a sidetable 1, a sinkbasin 1, a toilet 1, a toiletpaperhanger 1, and a towelholder 1.',
    steps=(
        ('move_to("toiletpaper", ["sidetable 1", "toilet 1"], "drawer 1")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.You arrive at sidetable 1. On the sidetable 1, you see nothing.You arrive at toilet 1. On the toilet 1, you see a candle 1, a handtowel 1, a soapbar 1, a soapbottle 1, a toiletpaper 2, and a toiletpaper 1.You pick up the toiletpaper 2 from the toilet 1.You arrive at drawer 1. The drawer 1 is closed.'),
    ),
)
REVISION_UPDATE_SUB = (
    ('go to sidetable 1',
     'You arrive at sidetable 1. On the sidetable 1, you see nothing.'),
    ('go to toilet 1',
     'You arrive at toilet 1. On the toilet 1, you see a candle 1, a handtowel 1, a soapbar 1, a soapbottle 1, a toiletpaper 2, and a toiletpaper 1.'),
    ('take toiletpaper 2 from toilet 1',
     'You pick up the toiletpaper 2 from the toilet 1.'),
    ('go to drawer 1',
     'You arrive at drawer 1. The drawer 1 is closed.'),
    ('move toiletpaper 2 to drawer 1',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
)
REVISION_UPDATE_FAILING_STEP = 0

REVISION_PLAN_LIBRARY = LIBRARY + '''

def move_to(obj_type, receps, target):
    observation = find_and_take(obj_type, receps)
    name = object_id(obj_type, observation)
    if name is None or "not valid" in observation:
        return observation
    observation = goto(target)
    if "is closed" in observation:
        open(target)
    return put(name, target)
'''

REVISION_PLAN = Trajectory(
    goal='find two toiletpaper and put them in drawer.',
    initial_observation='You are in the middle of a room. Looking quickly around you, you see a bathtubbasin 1, a drawer 1, a garbagecan 1, a handtowelholder 1, a sidetable 1, a sinkbasin 1, a toilet 1, a toiletpaperhanger 1, and a towelholder 1.',
    steps=(
        ('goto("toilet 1")',
         'You arrive at toilet 1. On the toilet 1, you see a candle 1, a handtowel 1, a soapbar 1, a soapbottle 1, a toiletpaper 2, and a toiletpaper 1.'),
        ('take("toiletpaper 2", "toilet 1")',
         'You pick up the toiletpaper 2 from the toilet 1.'),
        ('goto("drawer 1")',
         'You arrive at drawer 1. The drawer 1 is closed.'),
        ('move_to("toiletpaper", ["toilet 1"], "drawer 1")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.You arrive at toilet 1. On the toilet 1, you see a candle 1, a handtowel 1, a soapbar 1, a soapbottle 1, and a toiletpaper 1.'),
    ),
)
REVISION_PLAN_SUB = (
    ('go to toilet 1',
     'You arrive at toilet 1. On the toilet 1, you see a candle 1, a handtowel 1, a soapbar 1, a soapbottle 1, and a toiletpaper 1.'),
    ('take toiletpaper 1 from toilet 1',
     'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions.'),
)
REVISION_PLAN_FAILING_STEP = 3


REFLECTION = """\
I put creditcard 1 on desk 1 and then went back to shelf 2 as if it were still there. When the take failed I took creditcard 1 back from the desk, undoing my progress, and spent the last steps wandering with it between shelves. I never looked for a second creditcard.
Next time:
- Keep track of which object is already on the target and never pick it up again.
- For the second object, search receptacles I have not seen yet (here the other shelves).
- Use the number of the second object ("creditcard 2"), which differs from the first."""

MATERIAL = GameMaterial(
    domain="alfworld",
    game="puttwo",
    instruction=INSTRUCTION,
    act_example=ACT,
    react_example=REACT,
    reflexion_example=reflexion_text(REFLEXION, REFLECTION),
    creation_example=creation_example('find_and_take("toiletpaper", ["toilet 1"])\ngoto("drawer 1")\nopen("drawer 1")\nput("toiletpaper 2", "drawer 1")'),
    usage_example=USAGE,
    revision_update=RevisionExample.in_episode(
        REVISION_UPDATE, REVISION_UPDATE_FAILING_STEP,
        library=REVISION_UPDATE_LIBRARY,
        sub_trajectory=REVISION_UPDATE_SUB,
        failed_reason=(
            'move_to took toiletpaper 2 from toilet 1 and went to drawer 1, but the drawer was '
            'closed, and put into a closed receptacle is not valid, so the toiletpaper stayed in my '
            'hand. move_to must open the target when the observation says it is closed, and should '
            'stop early when nothing was taken.'),
        improve="Update: move_to",
        content='''```python
def move_to(obj_type, receps, target):
    observation = find_and_take(obj_type, receps)
    name = object_id(obj_type, observation)
    if name is None or "not valid" in observation:
        return observation
    observation = goto(target)
    if "is closed" in observation:
        open(target)
    return put(name, target)
```''',
        test_case='''```python
move_to("toiletpaper", ["sidetable 1", "toilet 1"], "drawer 1")
```''',
    ),
    revision_plan=RevisionExample.in_episode(
        REVISION_PLAN, REVISION_PLAN_FAILING_STEP,
        library=REVISION_PLAN_LIBRARY,
        sub_trajectory=REVISION_PLAN_SUB,
        failed_reason=(
            'I was still holding toiletpaper 2 when I called move_to for the second one: I had gone '
            'to drawer 1 but not put it down. move_to found toiletpaper 1 on toilet 1, but taking it '
            'was not valid with my hands full. move_to carries one object and needs empty hands.'),
        improve="Plan: move_to",
        content=(
            'Call move_to once per object, each time with empty hands; it takes the object, goes to '
            'the target and puts it there. Do not take the object yourself before calling it.'),
        test_case="",
    ),
    cap_example=None,
)
