"""Action libraries: LLM replies -> validated, immutable libraries; rounds on disk; diffs and flags.

    from learnact_engine.actions import ActionLibrary, Provenance, write_round, load_round
    parsed = ActionLibrary.parse(reply_text, primitive_names=[p.name for p in env.primitives()])
    if parsed.ok: write_round(run_dir, 1, parsed.library, Provenance(reason="creation"))
    else: next_prompt = parsed.feedback()   # "line 3, col 5: syntax error: ..." per problem
"""

from learnact_engine.actions.diff import LibraryDiff, diff_libraries
from learnact_engine.actions.errors import LibraryError, Rejection, RoundError
from learnact_engine.actions.history import action_history
from learnact_engine.actions.library import Action, ActionLibrary
from learnact_engine.actions.parse import ParsedReply
from learnact_engine.actions.store import Provenance, Round, list_rounds, load_round, write_round

__all__ = [
    "Action", "ActionLibrary", "LibraryDiff", "LibraryError", "ParsedReply", "Provenance", "Rejection",
    "Round", "RoundError", "action_history", "diff_libraries", "list_rounds", "load_round", "write_round",
]
