"""What the reference's ALFWorld wrapper adds on top of the game, per preset.

LearnAct drives ALFWorld through its own env class (`alfworld_env_mine.py`) and Python-call
wrappers; three of their behaviours are not the game's, and each preset decides on them:

| behaviour | paper (what the reference does) | clean (what is correct) |
|---|---|---|
| a trailing period on a command | stripped (`go to desk 1.` works) | stripped too: no ALFWorld command ends with one |
| `look` | the last successful `go to`/`open` observation (the room's intro before any), not the game's | the game's own `look` |
| `toggle(x)` | sends `toggle x`, which no ALFWorld grammar admits: always "not valid" | sends `use x`, the game's lamp command |
| `put(o, r)` | `put o in/on r`, the grammar of the files it ran on | the loaded file's own command (`move o to r` in current files) |

`put` is the same in both presets: the engine sends the loaded file's put command, which is the
reference's `put o in/on r` on the older files the reference ran and the same action on current
ones. The won-game freeze (alfworld's gym layer) is below the wrapper and the same for both:
see `ALFWorldEnv.step`.
"""

from __future__ import annotations

from dataclasses import replace

from learnact_engine.envs.base import Primitive

PRESETS = ("clean", "paper")
LOOK = "look"
_REFERENCE_TOGGLE = "toggle {obj}"


def check_preset(preset: str) -> str:
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
    return preset


def normalise_command(command: str) -> str:
    """The reference drops one trailing period from every command (both presets keep this)."""
    return command[:-1] if command.endswith(".") else command


def preset_primitives(primitives: list[Primitive], preset: str) -> list[Primitive]:
    """The paper preset's `toggle` sends the reference's `toggle {obj}`; clean keeps `use {obj}`."""
    if preset != "paper":
        return primitives
    return [replace(p, template=_REFERENCE_TOGGLE) if p.name == "toggle" else p for p in primitives]


class LookMemory:
    """The paper preset's `look`: the feedback of the last `go to`/`open` command that did not fail
    (matched as the reference does, by substring), the start observation before any."""

    def __init__(self, initial_observation: str) -> None:
        self.text = initial_observation

    def after(self, command: str, feedback: str) -> None:
        if ("go to" in command or "open" in command) and "Nothing happens" not in feedback:
            self.text = feedback
