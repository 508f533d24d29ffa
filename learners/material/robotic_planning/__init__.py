"""Robotic Planning material: one module per game (blockworld, gripper, tyreworld, barman).

DESCRIPTION_EXAMPLE is the domain's worked description: a learned function's signature, then the
one-paragraph "Instruction:" the learner writes for it (what it does, preconditions, effects).
"""

DESCRIPTION_EXAMPLE = """\
def carry_two(ball_a, ball_b, from_room, to_room, gripper_a, gripper_b):
Instruction: Moves two balls from from_room to to_room in one trip: picks ball_a with gripper_a and \
ball_b with gripper_b in from_room, moves Robby to to_room and drops both there. Robby must be in \
from_room, both balls must be in from_room and both grippers must be free; afterwards Robby and \
both balls are in to_room and the two grippers are free again."""
