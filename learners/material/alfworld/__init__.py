"""ALFWorld material: shared knowledge (common) and one module per task type
(put, clean, heat, cool, examine, puttwo).

DESCRIPTION_EXAMPLE is the domain's worked description: a learned function's signature, then the
one-paragraph "Instruction:" the learner writes for it (what it does, preconditions, effects).
"""

DESCRIPTION_EXAMPLE = """\
def take_from(obj, recep):
Instruction: Goes to the receptacle recep, opens it if it is closed, finds the first object of \
type obj in what the observation lists there (e.g. "mug 2") and takes it. Your hands must be \
empty. Returns the last observation; afterwards you hold the object and stand at recep. If no \
such object is there, nothing is taken and the observation of the receptacle is returned."""
