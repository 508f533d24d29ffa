"""Risk flags on an action's new version: what an auditor should look at before trusting it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from learnact_engine.actions.analysis import FunctionFacts

# "mug 1", "countertop 2", "ball1": an instance id baked into code that should take it as input.
OBJECT_ID = re.compile(r"[A-Za-z][A-Za-z_-]*\s?\d+")
DUNDER = re.compile(r"__\w+__")

FLAG_CODES = (
    "new_import", "dunder_name", "private_name", "dangerous_builtin", "unbounded_while", "hardcoded_object_id",
)


@dataclass(frozen=True, order=True)
class Flag:
    line: int  # line in the library source the action now lives in (1-based)
    code: str  # one of FLAG_CODES
    message: str

    def to_dict(self) -> dict:
        return {"code": self.code, "line": self.line, "message": self.message}


def risk_flags(
    facts: FunctionFacts,
    previous: FunctionFacts | None = None,
    new_library_imports: dict[str, frozenset[str]] | None = None,
    line_offset: int = 0,
    defined_names: frozenset[str] = frozenset(),
) -> list[Flag]:
    """Flags for one action version.

    previous: facts of the version it replaces (imports already there are not new).
    new_library_imports: import statements added to the library -> the names each binds.
    line_offset: added to action-relative lines to give library lines.
    defined_names: primitives and actions, which shadow builtins (ALFWorld's `open` is a primitive).
    """
    flags: set[Flag] = set()

    def add(line: int, code: str, message: str) -> None:
        flags.add(Flag(line + line_offset, code, message))

    old_imports = previous.imports if previous else frozenset()
    for site in facts.sites:
        if site.kind == "import" and site.detail not in old_imports:
            add(site.line, "new_import", f"new import inside the function: {site.detail}")
        elif site.kind == "dunder_name":
            add(site.line, "dunder_name", f"uses the dunder name {site.detail}")
        elif site.kind == "private_name":
            add(site.line, "private_name", f"uses the private name {site.detail}")
        elif site.kind == "dangerous_builtin" and site.detail not in defined_names:
            add(site.line, "dangerous_builtin", f"calls {site.detail}(), which actions never need")
        elif site.kind == "unbounded_while":
            add(site.line, "unbounded_while", site.detail)
        elif site.kind == "string":
            if DUNDER.search(site.detail):
                add(site.line, "dunder_name", f"string names a dunder: {site.detail!r}")
            elif OBJECT_ID.fullmatch(site.detail.strip()):
                add(site.line, "hardcoded_object_id",
                    f"hard-coded object id {site.detail!r}: pass it as an argument instead")
    for statement, bound in sorted((new_library_imports or {}).items()):
        if bound & facts.modules_used:
            add(1, "new_import", f"uses a newly added library import: {statement}")
    return sorted(flags)
