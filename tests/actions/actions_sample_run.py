"""A three-round run directory used by the store and CLI tests: creation, a code fix, a note."""

from learnact_engine.actions.library import ActionLibrary
from learnact_engine.actions.store import Provenance, write_round

PRIMITIVES = ["goto", "take", "put", "open"]
ROUND1 = "def find_at(obj, recep):\n    goto(recep)\n    return take(obj, recep)\n\n\ndef put_in(obj, recep):\n    goto(recep)\n    return put(obj, recep)\n"
REVISION = ("Failed reason: closed.\n```python\nimport re\n\ndef find_at(obj, recep):\n"
            "    observation = goto(recep)\n    if 'closed' in observation:\n        observation = open(recep)\n"
            "    found = re.findall(obj + r' \\d+', observation)\n"
            "    return take(found[0] if found else obj, recep)\n```\n")


def make_run(run_dir):
    lib1 = ActionLibrary.from_source(ROUND1, primitive_names=PRIMITIVES)
    write_round(run_dir, 1, lib1, Provenance(reason="creation"))
    lib2 = lib1.with_actions(ActionLibrary.parse(REVISION, primitive_names=PRIMITIVES).library)
    write_round(run_dir, 2, lib2, {"find_at": Provenance(task="pick_and_place-3", step=4,
                                                         feedback="The action is not valid and therefore takes no effect.")})
    lib3 = lib2.with_note("put_in", "Open the receptacle first if it is closed.")
    write_round(run_dir, 3, lib3, Provenance(task="pick_and_place-1", step=2, reason="plan"))
    return lib1, lib2, lib3
