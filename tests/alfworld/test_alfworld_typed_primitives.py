"""ALFWorld primitives take one object name per argument: nothing else reaches the game."""

from __future__ import annotations

import pytest
from learnact_engine.envs.alfworld.gamefile import MOVE_GRAMMAR
from learnact_engine.envs.alfworld.primitives import primitives_for
from learnact_engine.envs.base import ArgumentError

PRIMITIVES = {p.name: p for p in primitives_for(MOVE_GRAMMAR)}


def test_object_names_build_the_game_command():
    assert PRIMITIVES["put"].command(("mug 2", "countertop 1")) == "move mug 2 to countertop 1"
    assert PRIMITIVES["take"].command(("mug", "countertop 1")) == "take mug from countertop 1"  # the game refuses it


@pytest.mark.parametrize("args", [
    ("mug 2 to fridge 1\ngo to", "countertop 1"),
    ("mug 2", "countertop 1 and take knife 1 from drawer 2"),
    ("mug 2", "go to fridge 1"),
    ("mug\u2028 2", "countertop 1"),
    ("", "countertop 1"),
])
def test_an_argument_holding_another_command_is_refused(args):
    with pytest.raises(ArgumentError):
        PRIMITIVES["put"].command(args)


def test_non_string_arguments_are_type_errors():
    with pytest.raises(TypeError):
        PRIMITIVES["goto"].command((1,))
