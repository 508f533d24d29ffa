"""Barman: a robot bartender with two hands fills shots and mixes cocktails in a shaker.

In-context material for this game (see learners.material): instruction with all the game's
restrictions, worked examples and LearnAct's learner examples. Observations were produced by the
real environment on the instances in PROBLEMS, none of which is in an evaluated task set (tests
replay them).
"""

from learnact_engine.learners.material import (GameMaterial, RevisionExample, Trajectory, cap_text, library_of,
                                              reflexion_text)

INSTRUCTION = """\
You are a robot bartender with two hands, left and right. On the table are a shaker (shaker1) and \
shot glasses (shot1, shot2, ...). Dispensers give ingredients (dispenser1 gives ingredient1, and so \
on). A cocktail is made by shaking its part1 and part2 ingredients together in the shaker. The \
shaker has levels l0 < l1 < l2: it is empty at l0 and each poured shot raises it by one level. \
Fill the shots the goal names with the ingredients or cocktails it asks for.
The actions are Python functions; call one per step with string arguments:
    grasp(hand, container): take a shot or the shaker from the table. Preconditions: the container \
is on the table and hand is empty. Effect: hand holds it.
    leave(hand, container): put the held container on the table. Precondition: hand holds it. \
Effect: it is on the table and hand is empty.
    fill_shot(shot, ingredient, hand1, hand2, dispenser): fill a shot from a dispenser. \
Preconditions: hand1 holds the shot, hand2 is empty, the dispenser gives that ingredient, and the \
shot is empty and clean. Effect: the shot contains the ingredient and is used for it (not clean).
    refill_shot(shot, ingredient, hand1, hand2, dispenser): fill a shot again with the same \
ingredient. Preconditions: hand1 holds the shot, hand2 is empty, the dispenser gives that \
ingredient, the shot is empty and was last used for this ingredient. Effect: it contains the \
ingredient.
    empty_shot(hand, shot, beverage): pour out a shot. Preconditions: hand holds the shot and it \
contains the beverage. Effect: the shot is empty (still used, not clean).
    clean_shot(shot, beverage, hand1, hand2): clean a shot. Preconditions: hand1 holds the shot, \
hand2 is empty, the shot is empty and used for beverage. Effect: the shot is clean.
    pour_shot_to_clean_shaker(shot, ingredient, shaker, hand1, level1, level2): pour a shot into \
the clean, empty shaker. Preconditions: hand1 holds the shot, the shot contains the ingredient, \
the shaker is empty and clean, the shaker is at level1 and level2 is the next level. Effect: the \
shot is empty, the shaker contains the ingredient, is unshaked and at level2.
    pour_shot_to_used_shaker(shot, ingredient, shaker, hand1, level1, level2): pour a shot into a \
shaker that already holds an unshaked ingredient. Preconditions: hand1 holds the shot, the shot \
contains the ingredient, the shaker is unshaked and at level1, level2 is the next level. Effect: \
the shot is empty and the shaker also contains the ingredient, at level2.
    empty_shaker(hand, shaker, cocktail, level1, level2): pour out a shaken cocktail. \
Preconditions: hand holds the shaker, it contains the shaken cocktail, it is at level1 and its \
empty level is level2. Effect: the shaker is empty, at level2 (it still needs cleaning).
    clean_shaker(hand1, hand2, shaker): clean the shaker. Preconditions: hand1 holds the empty \
shaker and hand2 is empty. Effect: the shaker is clean.
    shake(cocktail, ingredient1, ingredient2, shaker, hand1, hand2): shake a cocktail. \
Preconditions: hand1 holds the shaker, hand2 is empty, the shaker is unshaked and contains \
ingredient1 and ingredient2, which are the cocktail's part1 and part2 in that order. Effect: the \
shaker contains the cocktail (the ingredients are gone) and is shaked.
    pour_shaker_to_shot(beverage, shot, hand, shaker, level1, level2): pour from the shaken shaker \
into a shot. Preconditions: hand holds the shaker, the shaker is shaked, contains the beverage and \
is at level1, level2 is the level below level1, and the shot is empty and clean. Effect: the shot \
contains the beverage and the shaker drops to level2.
Restrictions to keep in mind:
- Each hand holds one container at a time, and only containers on the table can be grasped.
- Filling, refilling and cleaning a shot, cleaning the shaker and shaking all need the other hand \
empty; put down what it holds first.
- A shot can only be filled when it is clean and empty; after pouring it out, clean it before \
filling it with a different ingredient (refill_shot works only for the same ingredient).
- A shot receives a cocktail from the shaker only when it is clean and empty, and it does not \
need to be held.
- The first ingredient goes into a clean, empty shaker (pour_shot_to_clean_shaker), the second \
into the used, unshaked shaker (pour_shot_to_used_shaker); shake only with part1 then part2.
- A shaken shaker must be emptied and cleaned before it can be used for another cocktail.
In observations "You are holding right." means the right hand holds something, "Handempty left" \
means the left hand is empty, and "Pour shot1 from a shot glass to a used shaker ingredient1" \
means shot1 was used for ingredient1."""


# The instances behind every example; none is an evaluated task (the tests check).
PROBLEMS = {
    "act": """(define (problem barman-act-example)
  (:domain barman)
  (:objects shaker1 - shaker left right - hand shot1 shot2 - shot ingredient1 ingredient2 ingredient3 - ingredient cocktail1 cocktail2 - cocktail dispenser1 dispenser2 dispenser3 - dispenser l0 l1 l2 - level)
  (:init (ontable shaker1) (clean shaker1) (empty shaker1) (handempty left) (handempty right) (dispenses dispenser1 ingredient1) (dispenses dispenser2 ingredient2) (dispenses dispenser3 ingredient3) (shaker-empty-level shaker1 l0) (shaker-level shaker1 l0) (next l0 l1) (next l1 l2) (cocktail-part1 cocktail1 ingredient1) (cocktail-part2 cocktail1 ingredient2) (cocktail-part1 cocktail2 ingredient3) (cocktail-part2 cocktail2 ingredient1) (ontable shot1) (clean shot1) (empty shot1) (ontable shot2) (clean shot2) (empty shot2))
  (:goal (and (contains shot1 cocktail1))))
""",
    "react": """(define (problem barman-react-example)
  (:domain barman)
  (:objects shaker1 - shaker left right - hand shot1 shot2 shot3 - shot ingredient1 ingredient2 ingredient3 - ingredient cocktail1 cocktail2 - cocktail dispenser1 dispenser2 dispenser3 - dispenser l0 l1 l2 - level)
  (:init (ontable shaker1) (clean shaker1) (empty shaker1) (handempty left) (handempty right) (dispenses dispenser1 ingredient1) (dispenses dispenser2 ingredient2) (dispenses dispenser3 ingredient3) (shaker-empty-level shaker1 l0) (shaker-level shaker1 l0) (next l0 l1) (next l1 l2) (cocktail-part1 cocktail1 ingredient1) (cocktail-part2 cocktail1 ingredient2) (cocktail-part1 cocktail2 ingredient3) (cocktail-part2 cocktail2 ingredient1) (ontable shot1) (clean shot1) (empty shot1) (ontable shot2) (clean shot2) (empty shot2) (ontable shot3) (clean shot3) (empty shot3))
  (:goal (and (contains shot1 ingredient3) (contains shot2 cocktail2))))
""",
    "reflexion": """(define (problem barman-reflexion-example)
  (:domain barman)
  (:objects shaker1 - shaker left right - hand shot1 shot2 - shot ingredient1 ingredient2 ingredient3 - ingredient cocktail1 cocktail2 - cocktail dispenser1 dispenser2 dispenser3 - dispenser l0 l1 l2 - level)
  (:init (ontable shaker1) (clean shaker1) (empty shaker1) (handempty left) (handempty right) (dispenses dispenser1 ingredient1) (dispenses dispenser2 ingredient2) (dispenses dispenser3 ingredient3) (shaker-empty-level shaker1 l0) (shaker-level shaker1 l0) (next l0 l1) (next l1 l2) (cocktail-part1 cocktail1 ingredient1) (cocktail-part2 cocktail1 ingredient2) (cocktail-part1 cocktail2 ingredient3) (cocktail-part2 cocktail2 ingredient1) (ontable shot1) (clean shot1) (empty shot1) (ontable shot2) (clean shot2) (empty shot2))
  (:goal (and (contains shot2 cocktail1))))
""",
    "usage": """(define (problem barman-usage-example)
  (:domain barman)
  (:objects shaker1 - shaker left right - hand shot1 shot2 shot3 - shot ingredient1 ingredient2 ingredient3 - ingredient cocktail1 cocktail2 - cocktail dispenser1 dispenser2 dispenser3 - dispenser l0 l1 l2 - level)
  (:init (ontable shaker1) (clean shaker1) (empty shaker1) (handempty left) (handempty right) (dispenses dispenser1 ingredient1) (dispenses dispenser2 ingredient2) (dispenses dispenser3 ingredient3) (shaker-empty-level shaker1 l0) (shaker-level shaker1 l0) (next l0 l1) (next l1 l2) (cocktail-part1 cocktail1 ingredient1) (cocktail-part2 cocktail1 ingredient2) (cocktail-part1 cocktail2 ingredient3) (cocktail-part2 cocktail2 ingredient1) (ontable shot1) (clean shot1) (empty shot1) (ontable shot2) (clean shot2) (empty shot2) (ontable shot3) (clean shot3) (empty shot3))
  (:goal (and (contains shot3 cocktail1))))
""",
    "revision_update": """(define (problem barman-revision_update-example)
  (:domain barman)
  (:objects shaker1 - shaker left right - hand shot1 shot2 shot3 - shot ingredient1 ingredient2 ingredient3 - ingredient cocktail1 cocktail2 - cocktail dispenser1 dispenser2 dispenser3 - dispenser l0 l1 l2 - level)
  (:init (ontable shaker1) (clean shaker1) (empty shaker1) (handempty left) (handempty right) (dispenses dispenser1 ingredient1) (dispenses dispenser2 ingredient2) (dispenses dispenser3 ingredient3) (shaker-empty-level shaker1 l0) (shaker-level shaker1 l0) (next l0 l1) (next l1 l2) (cocktail-part1 cocktail1 ingredient1) (cocktail-part2 cocktail1 ingredient2) (cocktail-part1 cocktail2 ingredient3) (cocktail-part2 cocktail2 ingredient1) (ontable shot1) (clean shot1) (empty shot1) (ontable shot2) (clean shot2) (empty shot2) (ontable shot3) (clean shot3) (empty shot3))
  (:goal (and (contains shot1 cocktail2))))
""",
    "revision_plan": """(define (problem barman-revision_plan-example)
  (:domain barman)
  (:objects shaker1 - shaker left right - hand shot1 shot2 - shot ingredient1 ingredient2 ingredient3 - ingredient cocktail1 cocktail2 - cocktail dispenser1 dispenser2 dispenser3 - dispenser l0 l1 l2 - level)
  (:init (ontable shaker1) (clean shaker1) (empty shaker1) (handempty left) (handempty right) (dispenses dispenser1 ingredient1) (dispenses dispenser2 ingredient2) (dispenses dispenser3 ingredient3) (shaker-empty-level shaker1 l0) (shaker-level shaker1 l0) (next l0 l1) (next l1 l2) (cocktail-part1 cocktail1 ingredient1) (cocktail-part2 cocktail1 ingredient2) (cocktail-part1 cocktail2 ingredient3) (cocktail-part2 cocktail2 ingredient1) (ontable shot1) (clean shot1) (empty shot1) (ontable shot2) (clean shot2) (empty shot2))
  (:goal (and (contains shot2 cocktail2))))
""",
    "cap": """(define (problem barman-cap-example)
  (:domain barman)
  (:objects shaker1 - shaker left right - hand shot1 shot2 shot3 - shot ingredient1 ingredient2 ingredient3 - ingredient cocktail1 cocktail2 - cocktail dispenser1 dispenser2 dispenser3 - dispenser l0 l1 l2 - level)
  (:init (ontable shaker1) (clean shaker1) (empty shaker1) (handempty left) (handempty right) (dispenses dispenser1 ingredient1) (dispenses dispenser2 ingredient2) (dispenses dispenser3 ingredient3) (shaker-empty-level shaker1 l0) (shaker-level shaker1 l0) (next l0 l1) (next l1 l2) (cocktail-part1 cocktail1 ingredient1) (cocktail-part2 cocktail1 ingredient2) (cocktail-part1 cocktail2 ingredient3) (cocktail-part2 cocktail2 ingredient1) (ontable shot1) (clean shot1) (empty shot1) (ontable shot2) (clean shot2) (empty shot2) (ontable shot3) (clean shot3) (empty shot3))
  (:goal (and (contains shot2 cocktail1) (contains shot3 ingredient3))))
""",
}

ACT = Trajectory(
    goal='The goal is to satisfy the following conditions: shot1 contains cocktail1. ',
    initial_observation='Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table. ',
    steps=(
        ('grasp("right", "shot1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 is clean.  Shot1 is empty.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding right. '),
        ('fill_shot("shot1", "ingredient1", "right", "left", "dispenser1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot1 from a shot glass to a used shaker ingredient1. Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 contains ingredient1.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding right. '),
        ('pour_shot_to_clean_shaker("shot1", "ingredient1", "shaker1", "right", "l0", "l1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot1 from a shot glass to a used shaker ingredient1. Shaker1 contains ingredient1.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is empty.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding right. '),
        ('fill_shot("shot1", "ingredient2", "right", "left", "dispenser2")',
         'The action is not valid and therefore takes no effect. Please check valid actions.'),
        ('clean_shot("shot1", "ingredient1", "right", "left")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient1.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding right. '),
        ('fill_shot("shot1", "ingredient2", "right", "left", "dispenser2")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot1 from a shot glass to a used shaker ingredient2. Shaker1 contains ingredient1.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 contains ingredient2.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding right. '),
        ('pour_shot_to_used_shaker("shot1", "ingredient2", "shaker1", "right", "l1", "l2")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot1 from a shot glass to a used shaker ingredient2. Shaker1 contains ingredient1.  Shaker1 contains ingredient2.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is empty.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding right. '),
        ('clean_shot("shot1", "ingredient2", "right", "left")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient1.  Shaker1 contains ingredient2.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding right. '),
        ('leave("right", "shot1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient1.  Shaker1 contains ingredient2.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table. '),
        ('grasp("right", "shaker1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient1.  Shaker1 contains ingredient2.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding right. '),
        ('shake("cocktail1", "ingredient1", "ingredient2", "shaker1", "right", "left")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains cocktail1.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is shaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding right. '),
        ('pour_shaker_to_shot("cocktail1", "shot1", "right", "shaker1", "l2", "l1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains cocktail1.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is shaked.  Shot1 contains cocktail1.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding right.  The goal is satisfied.'),
    ),
)

REACT = Trajectory(
    goal='The goal is to satisfy the following conditions: shot1 contains ingredient3. , shot2 contains cocktail2. ',
    initial_observation='Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is clean.  Shot3 is empty.  Shot3 is on the table. ',
    steps=(
        ('Think: shot2 needs cocktail2, whose parts are ingredient3 (part1) and ingredient1 (part2), and shot1 needs plain ingredient3. I will use shot3 to carry the ingredients into the shaker, so shot1 and shot2 stay clean for the end.',
         'OK.'),
        ('grasp("right", "shot3")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is clean.  Shot3 is empty.  You are holding right. '),
        ('fill_shot("shot3", "ingredient3", "right", "left", "dispenser3")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot3 from a shot glass to a used shaker ingredient3. Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 contains ingredient3.  You are holding right. '),
        ('pour_shot_to_clean_shaker("shot3", "ingredient3", "shaker1", "right", "l0", "l1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot3 from a shot glass to a used shaker ingredient3. Shaker1 contains ingredient3.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is empty.  You are holding right. '),
        ('Think: shot3 has held ingredient3, so it must be cleaned before it can take ingredient1; the shaker is no longer clean, so the second pour goes to a used shaker.',
         'OK.'),
        ('clean_shot("shot3", "ingredient3", "right", "left")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient3.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is clean.  Shot3 is empty.  You are holding right. '),
        ('fill_shot("shot3", "ingredient1", "right", "left", "dispenser1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot3 from a shot glass to a used shaker ingredient1. Shaker1 contains ingredient3.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 contains ingredient1.  You are holding right. '),
        ('pour_shot_to_used_shaker("shot3", "ingredient1", "shaker1", "right", "l1", "l2")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot3 from a shot glass to a used shaker ingredient1. Shaker1 contains ingredient1.  Shaker1 contains ingredient3.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is empty.  You are holding right. '),
        ('Think: Both parts are in the shaker. Shaking needs the shaker in one hand and the other hand empty, so I put shot3 down first.',
         'OK.'),
        ('leave("right", "shot3")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot3 from a shot glass to a used shaker ingredient1. Shaker1 contains ingredient1.  Shaker1 contains ingredient3.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is empty.  Shot3 is on the table. '),
        ('grasp("right", "shaker1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot3 from a shot glass to a used shaker ingredient1. Shaker1 contains ingredient1.  Shaker1 contains ingredient3.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is empty.  Shot3 is on the table.  You are holding right. '),
        ('shake("cocktail2", "ingredient3", "ingredient1", "shaker1", "right", "left")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot3 from a shot glass to a used shaker ingredient1. Shaker1 contains cocktail2.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is shaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is empty.  Shot3 is on the table.  You are holding right. '),
        ('pour_shaker_to_shot("cocktail2", "shot2", "right", "shaker1", "l2", "l1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot3 from a shot glass to a used shaker ingredient1. Shaker1 contains cocktail2.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is shaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 contains cocktail2.  Shot2 is on the table.  Shot3 is empty.  Shot3 is on the table.  You are holding right. '),
        ('Think: shot2 holds cocktail2. For shot1 I only need ingredient3 straight from dispenser3; filling needs the shot in one hand and the other hand empty, so the shaker goes back on the table.',
         'OK.'),
        ('leave("right", "shaker1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot3 from a shot glass to a used shaker ingredient1. Shaker1 contains cocktail2.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is shaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 contains cocktail2.  Shot2 is on the table.  Shot3 is empty.  Shot3 is on the table. '),
        ('grasp("right", "shot1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot3 from a shot glass to a used shaker ingredient1. Shaker1 contains cocktail2.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is shaked.  Shot1 is clean.  Shot1 is empty.  Shot2 contains cocktail2.  Shot2 is on the table.  Shot3 is empty.  Shot3 is on the table.  You are holding right. '),
        ('fill_shot("shot1", "ingredient3", "right", "left", "dispenser3")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot1 from a shot glass to a used shaker ingredient3. Pour shot3 from a shot glass to a used shaker ingredient1. Shaker1 contains cocktail2.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is shaked.  Shot1 contains ingredient3.  Shot2 contains cocktail2.  Shot2 is on the table.  Shot3 is empty.  Shot3 is on the table.  You are holding right.  The goal is satisfied.'),
    ),
)

REFLEXION = Trajectory(
    goal='The goal is to satisfy the following conditions: shot2 contains cocktail1. ',
    initial_observation='Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table. ',
    steps=(
        ('grasp("left", "shot1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 is clean.  Shot1 is empty.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding left. '),
        ('grasp("right", "shaker1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shot1 is clean.  Shot1 is empty.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding left.  You are holding right. '),
        ('fill_shot("shot1", "ingredient1", "left", "right", "dispenser1")',
         'The action is not valid and therefore takes no effect. Please check valid actions.'),
        ('leave("right", "shaker1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 is clean.  Shot1 is empty.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding left. '),
        ('fill_shot("shot1", "ingredient1", "left", "right", "dispenser1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot1 from a shot glass to a used shaker ingredient1. Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 contains ingredient1.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding left. '),
        ('pour_shot_to_clean_shaker("shot1", "ingredient1", "shaker1", "left", "l0", "l1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot1 from a shot glass to a used shaker ingredient1. Shaker1 contains ingredient1.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is empty.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding left. '),
        ('fill_shot("shot1", "ingredient2", "left", "right", "dispenser2")',
         'The action is not valid and therefore takes no effect. Please check valid actions.'),
        ('refill_shot("shot1", "ingredient2", "left", "right", "dispenser2")',
         'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions. You can also check valid actions.'),
        ('grasp("right", "shaker1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot1 from a shot glass to a used shaker ingredient1. Shaker1 contains ingredient1.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is unshaked.  Shot1 is empty.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding left.  You are holding right. '),
        ('shake("cocktail1", "ingredient1", "ingredient2", "shaker1", "right", "left")',
         'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ),
)

USAGE = Trajectory(
    goal='The goal is to satisfy the following conditions: shot3 contains cocktail1. ',
    initial_observation='Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is clean.  Shot3 is empty.  Shot3 is on the table. ',
    steps=(
        ('grasp("left", "shot2")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot3 is clean.  Shot3 is empty.  Shot3 is on the table.  You are holding left. '),
        ('pour_ingredient("shot2", "ingredient1", "dispenser1", "shaker1", "left", "right", "l0", "l1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient1.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot3 is clean.  Shot3 is empty.  Shot3 is on the table.  You are holding left. '),
        ('pour_ingredient("shot2", "ingredient2", "dispenser2", "shaker1", "left", "right", "l1", "l2")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient1.  Shaker1 contains ingredient2.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot3 is clean.  Shot3 is empty.  Shot3 is on the table.  You are holding left. '),
        ('leave("left", "shot2")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient1.  Shaker1 contains ingredient2.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is clean.  Shot3 is empty.  Shot3 is on the table. '),
        ('grasp("left", "shaker1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient1.  Shaker1 contains ingredient2.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is clean.  Shot3 is empty.  Shot3 is on the table.  You are holding left. '),
        ('shake_and_serve("cocktail1", "ingredient1", "ingredient2", "shaker1", "shot3", "left", "right", "l2", "l1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains cocktail1.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is shaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 contains cocktail1.  Shot3 is on the table.  You are holding left.  The goal is satisfied.'),
    ),
)
USAGE_STATE = 'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient1.  Shaker1 contains ingredient2.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is clean.  Shot3 is empty.  Shot3 is on the table.  You are holding left. '
USAGE_SUB = (
    ('shake cocktail1 ingredient1 ingredient2 shaker1 left right',
     'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains cocktail1.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is shaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is clean.  Shot3 is empty.  Shot3 is on the table.  You are holding left. '),
    ('pour-shaker-to-shot cocktail1 shot3 left shaker1 l2 l1',
     'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains cocktail1.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is shaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 contains cocktail1.  Shot3 is on the table.  You are holding left.  The goal is satisfied.'),
)

REVISION_UPDATE_LIBRARY = """\
def pour_ingredient(shot, ingredient, dispenser, shaker, hand, other_hand, level, next_level):
    fill_shot(shot, ingredient, hand, other_hand, dispenser)
    pour_shot_to_clean_shaker(shot, ingredient, shaker, hand, level, next_level)
    clean_shot(shot, ingredient, hand, other_hand)


def shake_and_serve(cocktail, ingredient1, ingredient2, shaker, shot, hand, other_hand, level, lower_level):
    shake(cocktail, ingredient1, ingredient2, shaker, hand, other_hand)
    pour_shaker_to_shot(cocktail, shot, hand, shaker, level, lower_level)
"""

REVISION_UPDATE = Trajectory(
    goal='The goal is to satisfy the following conditions: shot1 contains cocktail2. ',
    initial_observation='Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is clean.  Shot3 is empty.  Shot3 is on the table. ',
    steps=(
        ('grasp("right", "shot3")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is clean.  Shot3 is empty.  You are holding right. '),
        ('pour_ingredient("shot3", "ingredient3", "dispenser3", "shaker1", "right", "left", "l0", "l1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient3.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is clean.  Shot3 is empty.  You are holding right. '),
        ('pour_ingredient("shot3", "ingredient1", "dispenser1", "shaker1", "right", "left", "l1", "l2")',
         'The action is not valid and therefore takes no effect. Please check valid actions. Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot3 from a shot glass to a used shaker ingredient1. Shaker1 contains ingredient3.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 contains ingredient1.  You are holding right. '),
    ),
)
REVISION_UPDATE_STATE = 'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient3.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is clean.  Shot3 is empty.  You are holding right. '
REVISION_UPDATE_SUB = (
    ('fill-shot shot3 ingredient1 right left dispenser1',
     'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Pour shot3 from a shot glass to a used shaker ingredient1. Shaker1 contains ingredient3.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 contains ingredient1.  You are holding right. '),
    ('pour-shot-to-clean-shaker shot3 ingredient1 shaker1 right l1 l2',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ('clean-shot shot3 ingredient1 right left',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
)

REVISION_PLAN = Trajectory(
    goal='The goal is to satisfy the following conditions: shot2 contains cocktail2. ',
    initial_observation='Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table. ',
    steps=(
        ('grasp("right", "shot1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 is clean.  Shot1 is empty.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding right. '),
        ('pour_ingredient("shot1", "ingredient3", "dispenser3", "shaker1", "right", "left", "l0", "l1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient3.  Shaker1 is at empty level l0.  Shaker1 is at level l1.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding right. '),
        ('pour_ingredient("shot1", "ingredient1", "dispenser1", "shaker1", "right", "left", "l1", "l2")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient1.  Shaker1 contains ingredient3.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is on the table.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding right. '),
        ('grasp("left", "shaker1")',
         'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient1.  Shaker1 contains ingredient3.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding left.  You are holding right. '),
        ('shake_and_serve("cocktail2", "ingredient3", "ingredient1", "shaker1", "shot2", "left", "right", "l2", "l1")',
         'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ),
)
REVISION_PLAN_STATE = 'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 contains ingredient1.  Shaker1 contains ingredient3.  Shaker1 is at empty level l0.  Shaker1 is at level l2.  Shaker1 is unshaked.  Shot1 is clean.  Shot1 is empty.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  You are holding left.  You are holding right. '
REVISION_PLAN_SUB = (
    ('shake cocktail2 ingredient3 ingredient1 shaker1 left right',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
    ('pour-shaker-to-shot cocktail2 shot2 left shaker1 l2 l1',
     'The action is not valid and therefore takes no effect. Please check valid actions.'),
)

CAP_PROGRAM = """\
def fill_shaker(shot, hand, other_hand, shaker, parts, dispensers):
    # carry each ingredient into the clean shaker with one shot, cleaning the shot after each pour
    levels = ["l0", "l1", "l2"]
    grasp(hand, shot)
    for i in range(len(parts)):
        fill_shot(shot, parts[i], hand, other_hand, dispensers[i])
        if i == 0:
            pour_shot_to_clean_shaker(shot, parts[i], shaker, hand, levels[i], levels[i + 1])
        else:
            pour_shot_to_used_shaker(shot, parts[i], shaker, hand, levels[i], levels[i + 1])
        clean_shot(shot, parts[i], hand, other_hand)
    leave(hand, shot)


def serve_cocktail(cocktail, part1, part2, shaker, target_shot, hand, other_hand):
    grasp(hand, shaker)
    shake(cocktail, part1, part2, shaker, hand, other_hand)
    pour_shaker_to_shot(cocktail, target_shot, hand, shaker, "l2", "l1")
    leave(hand, shaker)


def serve_ingredient(ingredient, dispenser, target_shot, hand, other_hand):
    grasp(hand, target_shot)
    fill_shot(target_shot, ingredient, hand, other_hand, dispenser)
    leave(hand, target_shot)


# cocktail1 is ingredient1 (part1) with ingredient2 (part2); shot1 does the pouring
fill_shaker("shot1", "right", "left", "shaker1", ["ingredient1", "ingredient2"], ["dispenser1", "dispenser2"])
serve_cocktail("cocktail1", "ingredient1", "ingredient2", "shaker1", "shot2", "right", "left")
serve_ingredient("ingredient3", "dispenser3", "shot3", "right", "left")
"""

# (goal, initial observation) of the code-as-policy instance
PROBLEM_TEXTS = {"cap": (
    'The goal is to satisfy the following conditions: shot2 contains cocktail1. , shot3 contains ingredient3. ',
    'Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient2.  Cocktail2 part1 ingredient is ingredient3.  Cocktail2 part2 ingredient is ingredient1.  Dispenser1 dispenses ingredient1.  Dispenser2 dispenses ingredient2.  Dispenser3 dispenses ingredient3.  Handempty left Handempty right Level l0 is next to level l1.  Level l1 is next to level l2.  Shaker1 is at empty level l0.  Shaker1 is at level l0.  Shaker1 is clean.  Shaker1 is empty.  Shaker1 is on the table.  Shot1 is clean.  Shot1 is empty.  Shot1 is on the table.  Shot2 is clean.  Shot2 is empty.  Shot2 is on the table.  Shot3 is clean.  Shot3 is empty.  Shot3 is on the table. ')}


REFLECTION = """\
I grasped the shaker with my right hand while the left hand held shot1, so the first fill failed: \
filling needs the other hand empty. After pouring ingredient1 into the shaker I tried to fill \
shot1 with ingredient2 without cleaning it, then tried refill_shot, which only repeats the same \
ingredient. In the end I shook with only one ingredient in the shaker and the left hand still \
busy, and the episode ran out.
Next time:
- Keep one hand free: hold a single container and put it down before taking another.
- For each ingredient of the cocktail: fill the shot, pour it into the shaker (clean shaker for \
the first, used shaker for the second), then clean the shot before the next ingredient.
- Only when both parts are in the shaker: leave the shot, grasp the shaker and shake with \
part1 then part2, with the other hand empty.
- Pour the cocktail into a clean, empty shot; the shot can stay on the table."""

CREATION = '''```python
def pour_ingredient(shot, ingredient, dispenser, shaker, hand, other_hand, level, next_level):
    fill_shot(shot, ingredient, hand, other_hand, dispenser)
    if level == "l0":
        pour_shot_to_clean_shaker(shot, ingredient, shaker, hand, level, next_level)
    else:
        pour_shot_to_used_shaker(shot, ingredient, shaker, hand, level, next_level)
    clean_shot(shot, ingredient, hand, other_hand)


def shake_and_serve(cocktail, ingredient1, ingredient2, shaker, shot, hand, other_hand, level, lower_level):
    shake(cocktail, ingredient1, ingredient2, shaker, hand, other_hand)
    pour_shaker_to_shot(cocktail, shot, hand, shaker, level, lower_level)


# Usage Example
grasp("right", "shot1")
pour_ingredient("shot1", "ingredient1", "dispenser1", "shaker1", "right", "left", "l0", "l1")
pour_ingredient("shot1", "ingredient2", "dispenser2", "shaker1", "right", "left", "l1", "l2")
leave("right", "shot1")
grasp("right", "shaker1")
shake_and_serve("cocktail1", "ingredient1", "ingredient2", "shaker1", "shot2", "right", "left", "l2", "l1")
```'''

LIBRARY = library_of(CREATION)

CAP = cap_text(*PROBLEM_TEXTS["cap"], CAP_PROGRAM)

MATERIAL = GameMaterial(
    domain="robotic_planning",
    game="barman",
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
            "The fill worked, but pour_ingredient always pours into a clean shaker. This was the "
            "second ingredient: the shaker already held ingredient3 at level l1, so it was neither "
            "clean nor empty and pour_shot_to_clean_shaker failed. The shot stayed full, so "
            "clean_shot failed too. Any ingredient after the first must go through "
            "pour_shot_to_used_shaker; the shaker's level tells which case applies."),
        improve="Update: pour_ingredient",
        content='''```python
def pour_ingredient(shot, ingredient, dispenser, shaker, hand, other_hand, level, next_level):
    fill_shot(shot, ingredient, hand, other_hand, dispenser)
    if level == "l0":
        pour_shot_to_clean_shaker(shot, ingredient, shaker, hand, level, next_level)
    else:
        pour_shot_to_used_shaker(shot, ingredient, shaker, hand, level, next_level)
    clean_shot(shot, ingredient, hand, other_hand)
```''',
        test_case='''```python
pour_ingredient("shot3", "ingredient1", "dispenser1", "shaker1", "right", "left", "l1", "l2")
```''',
    ),
    revision_plan=RevisionExample.at_end_of(
        REVISION_PLAN,
        library=LIBRARY,
        state=REVISION_PLAN_STATE,
        sub_trajectory=REVISION_PLAN_SUB,
        failed_reason=(
            "The left hand held the shaker, but the right hand still held shot1, and shake needs "
            "the other hand empty. The shake failed, so the shaker was not shaked and the pour "
            "into shot2 failed as well. shake_and_serve is right; the shot had to be put down "
            "before calling it."),
        improve="Plan: shake_and_serve",
        content=(
            "Call shake_and_serve only while hand holds the shaker with both cocktail parts in it "
            "and other_hand is empty: leave the shot you poured with on the table first. The "
            "target shot must be clean and empty."),
        test_case="",
    ),
    cap_example=CAP,
)
