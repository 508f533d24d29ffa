"""TextWorld's PDDL engine for ALFWorld games, with translations done once per game.

Raw TextWorld (`PddlEnv` + `AlfredDemangler`) runs Fast Downward's PDDL->SAS translation twice per
`PddlState`, and a gym reset builds two states: about four translations (0.4-1.9 s) per reset.
Here a game is compiled once into a `CompiledGame` (grammar, one plain translation, demangled names,
initial facts, initial rendered commands) and kept in a process-wide cache; a reset then only
reloads the SAS text into the session's own copy of `libdownward` and copies the initial facts.
The replanning translation (planner expert only) is made lazily.

The game semantics are TextWorld's: the same FD operators, the same `PddlState` fact bookkeeping,
the same grammar (see `textrender`), "Nothing happens." for any command that is not exactly an
admissible one.
"""

from __future__ import annotations

import copy
import json
import re
import sys
import threading
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import fast_downward
import textworld.logic
from alfworld.agents.utils.misc import Demangler
from textworld.envs.pddl import logic as pddl_logic
from textworld.envs.pddl.textgen import ContextSensitiveGrammar
from textworld.generator.game import EntityInfo
from textworld.logic import Proposition, Variable

from learnact_engine.envs.alfworld.gamefile import Grammar, detect_grammar, read_game_data
from learnact_engine.envs.alfworld.textrender import GrammarRenderer

NOTHING_HAPPENS = "Nothing happens."
_TRANSLATE_LOCK = threading.Lock()  # pddl2sas swaps sys.argv and sys.stdout globally


def translate(domain: str, problem: str, optimize: bool = False):
    """Fast Downward's PDDL->SAS translation, leaving `sys.argv` as it was."""
    with _TRANSLATE_LOCK:
        saved_argv = sys.argv
        try:
            return fast_downward.pddl2sas(domain, problem, optimize=optimize)
        finally:
            sys.argv = saved_argv


class GameState(pddl_logic.PddlState):
    """`PddlState` whose translation comes from a compiled game instead of a new pddl2sas run."""

    def __init__(self, lib: Any, game: "CompiledGame") -> None:  # noqa: D107 - same fields as PddlState
        self._logic = game.logic
        self.downward_lib = lib
        self.pddl_problem = game.data["pddl_problem"]
        self.task = game.task
        self.sas = game.sas
        self._actions = game.fd_actions
        self.name2type = game.name2type
        self._game = game
        self._replan_loaded = False
        self._operators: dict = {}
        self._facts = defaultdict(set)
        self._vars_by_name = {}
        self._vars_by_type = defaultdict(set)
        self._var_counts = Counter()
        lib.load_sas(game.sas.encode("utf-8"))

    def copy_facts_from(self, template: "GameState") -> None:
        self._facts = defaultdict(set, {sig: facts.copy() for sig, facts in template._facts.items()})
        self._vars_by_name = template._vars_by_name.copy()
        self._vars_by_type = defaultdict(set, {t: vs.copy() for t, vs in template._vars_by_type.items()})
        self._var_counts = template._var_counts.copy()

    def read_initial_facts(self) -> None:
        """What `PddlState.__init__` derives: the task's init facts plus FD's initial state atoms."""
        self.add_facts(filter(None, (_atom_to_proposition(atom, self.name2type) for atom in self.task.init)))
        atoms = (pddl_logic.Atom * self.downward_lib.get_state_size())()
        self.downward_lib.get_state(atoms)
        facts = (atom.get_fact(self.name2type) for atom in atoms)
        self.add_facts(fact for fact in facts if not fact.is_negation)

    def replan(self, infos):
        if not self._replan_loaded:
            self.downward_lib.load_sas_replan(self._game.sas_replan.encode("utf-8"))
            self._replan_loaded = True
        return super().replan(infos)


def _atom_to_proposition(atom, name2type):
    """PddlState's conversion of FD init atoms (drops equality, total-cost and distance fluents)."""
    if isinstance(atom, fast_downward.translate.pddl.conditions.Atom):
        if atom.predicate == "=":
            return None
        return Proposition(atom.predicate, [Variable(arg, name2type[arg]) for arg in atom.args])
    if isinstance(atom, fast_downward.translate.pddl.f_expression.Assign):
        if atom.fluent.symbol == "total-cost":
            return None
        name = f"{atom.expression.value}"
        if name.isdigit():
            return None
        return Proposition(name, [Variable(arg, name2type[arg]) for arg in atom.fluent.args])
    return None


@dataclass
class Options:
    """The admissible commands of one state, each bound to its FD operator."""

    by_command: dict[str, Any]  # command -> textworld Action (first of duplicates, as TextWorld)
    operators: dict[int, Any]  # FD operator id -> Operator, what PddlState.apply needs

    @property
    def commands(self) -> list[str]:
        return sorted(self.by_command)


@dataclass
class CompiledGame:
    """Everything about one game that does not change between episodes."""

    key: str
    data: dict
    grammar: Grammar
    logic: Any
    renderer: GrammarRenderer
    task: Any
    sas: str
    fd_actions: dict
    name2type: dict
    entity_infos: dict[str, EntityInfo]
    initial_state: GameState | None = None
    intro: str = ""
    initial_options: Options | None = None
    _sas_replan: str | None = field(default=None, repr=False)

    @property
    def walkthrough(self) -> list[str] | None:
        return self.data.get("walkthrough")

    @property
    def sas_replan(self) -> str:
        if self._sas_replan is None:
            _task, self._sas_replan = translate(self.logic.domain, self.data["pddl_problem"], optimize=True)
        return self._sas_replan


def render_context(state: GameState, game: CompiledGame, mapping: dict, facts: list | None = None) -> dict:
    infos = game.entity_infos
    return {
        "state": state,
        "facts": list(state.facts) if facts is None else facts,
        "variables": {ph.name: infos[var.name] for ph, var in mapping.items()},
        "mapping": mapping,
        "entity_infos": infos,
    }


def gather_options(state: GameState, game: CompiledGame) -> Options:
    """Render every applicable action as a command (TextWorld's `_gather_infos`, without re-parsing)."""
    facts = list(state.facts)
    mapping_names = {key: info.name for key, info in game.entity_infos.items()}
    by_command: dict[str, Any] = {}
    for action in state.all_applicable_actions():
        context = render_context(state, game, action.mapping, facts)
        action.command_template = game.renderer.derive(action.command_template, context)
        by_command.setdefault(action.format_command(mapping_names), action)
    return Options(by_command=by_command, operators=dict(state._operators))


def _entity_infos(state: GameState) -> dict[str, EntityInfo]:
    """PddlEnv's entity infos, renamed by ALFWorld's demangler (`cabinet 4`, `sinkbasin 1`)."""
    infos = {v.name: EntityInfo(v.name, v.type) for fact in state.facts for v in fact.arguments}
    for info in infos.values():
        info.name = info.id
        info.definite = "the"
        info.indefinite = "a"
    demangler = Demangler(game_infos=infos, shuffle=False)
    for info in infos.values():
        info.name = demangler.demangle_alfred_name(info.id)
    return infos


_TASK_RULE = re.compile(r'("task":\s*\[\s*\{\s*"rhs":\s*")([^"]*)(")')


@lru_cache(maxsize=8)
def _generic_logic(domain: str, generic_grammar: str) -> Any:
    return pddl_logic.GameLogic(domain=domain, grammar=generic_grammar)


def game_logic(domain: str, grammar_text: str) -> Any:
    """TextWorld's GameLogic for a game; the grammar is parsed once per domain and grammar version.

    Game files of one version differ only in the goal sentence of the grammar's `task` rule, and
    parsing the grammar with TatSu costs as much as the PDDL translation. So the grammar is parsed
    with the sentence left out and the per-game `task` rule is parsed on its own.
    """
    match = _TASK_RULE.search(grammar_text)
    if match is None:
        return pddl_logic.GameLogic(domain=domain, grammar=grammar_text)
    generic = grammar_text[: match.start(2)] + "UNKNOWN GOAL" + grammar_text[match.end(2) :]
    base = _generic_logic(domain, generic)
    sentence = json.loads(f'"{match.group(2)}"')
    task_rules = ContextSensitiveGrammar.parse(json.dumps({"task": [{"rhs": sentence}]}))._rules["task"]
    logic = copy.copy(base)  # actions and types are shared read-only; only the grammar differs
    logic.grammar = ContextSensitiveGrammar()
    logic.grammar._rules = defaultdict(list, {name: list(rules) for name, rules in base.grammar._rules.items()})
    logic.grammar._rules["task"] = list(task_rules)
    return logic


def compile_game(data: dict, key: str, lib: Any) -> CompiledGame:
    """Parse, translate and render the initial state of one game (the only slow part)."""
    grammar = detect_grammar(data["grammar"])
    logic = game_logic(data["pddl_domain"], data["grammar"])
    task, sas = translate(logic.domain, data["pddl_problem"])
    for fd_type in task.types:  # as PddlState does: FD's types join the logic's hierarchy
        try:
            logic.types.add(textworld.logic.Type(fd_type.name, fd_type.supertype_names))
        except ValueError:
            pass
    game = CompiledGame(
        key=key, data=data, grammar=grammar, logic=logic, renderer=GrammarRenderer(logic.grammar),
        task=task, sas=sas, fd_actions={a.name: a for a in task.actions},
        name2type={o.name: o.type_name for o in task.objects}, entity_infos={},
    )
    state = GameState(lib, game)
    state.read_initial_facts()
    game.entity_infos = _entity_infos(state)
    game.initial_state = state
    game.intro = game.renderer.derive("#intro#", render_context(state, game, {}))
    game.initial_options = gather_options(state, game)
    state.downward_lib = None  # a fact template only: episodes run on their session's own lib
    return game


class GameCache:
    """Process-wide LRU of compiled games, keyed by the game file's resolved path."""

    def __init__(self, capacity: int = 64) -> None:
        self.capacity = capacity
        self._games: OrderedDict[str, CompiledGame] = OrderedDict()

    def get(self, path: Path, lib: Any) -> CompiledGame:
        """The compiled game, compiling it (with `lib`) on first use."""
        key = str(Path(path).resolve())
        game = self._games.get(key)
        if game is not None:
            self._games.move_to_end(key)
            return game
        game = compile_game(read_game_data(Path(path)), key, lib)
        self._games[key] = game
        while len(self._games) > self.capacity:
            self._games.popitem(last=False)
        return game

    def clear(self) -> None:
        self._games.clear()

    def __len__(self) -> int:
        return len(self._games)


GAME_CACHE = GameCache()


class Session:
    """One running episode at a time on its own copy of libdownward (several sessions per process are safe)."""

    def __init__(self, cache: GameCache = GAME_CACHE) -> None:
        self._lib = fast_downward.load_lib()
        self._cache = cache
        self.game: CompiledGame | None = None
        self.state: GameState | None = None
        self._options: Options | None = None
        self.moves = 0

    def start(self, path: Path) -> str:
        """Reset to the game's initial state; returns the intro text."""
        game = self._cache.get(path, self._lib)
        state = GameState(self._lib, game)
        state.copy_facts_from(game.initial_state)
        state._operators = game.initial_options.operators
        self.game, self.state, self._options, self.moves = game, state, game.initial_options, 0
        return game.intro

    def _require_started(self) -> GameState:
        if self.state is None:
            raise RuntimeError("no game started: call reset(task_id) first")
        return self.state

    def step(self, command: str) -> str:
        """Apply one command; returns TextWorld's feedback ("Nothing happens." when not admissible)."""
        state = self._require_started()
        action = self.options.by_command.get(command.strip())
        if action is None:
            return NOTHING_HAPPENS  # the state is unchanged, so are the admissible commands
        state._operators = self._options.operators
        state.apply(action)
        feedback = self.game.renderer.derive(action.feedback_rule, render_context(state, self.game, action.mapping))
        self.moves += 1
        self._options = None  # rendered lazily: the next step or admissible_commands needs them
        return feedback

    @property
    def options(self) -> Options:
        state = self._require_started()
        if self._options is None:
            self._options = gather_options(state, self.game)
        return self._options

    @property
    def admissible_commands(self) -> list[str]:
        return self.options.commands

    @property
    def won(self) -> bool:
        return bool(self._require_started().check_goal())

    def facts(self) -> list[Proposition]:
        """Current facts with demangled names (what the handcoded expert reads)."""
        infos = self.game.entity_infos
        return [
            Proposition(f.name, [Variable(infos[v.name].name or v.name, v.type) for v in f.arguments])
            for f in self._require_started().facts
        ]

    def replan(self) -> list[str]:
        """Fast Downward's plan from the current state, as commands ([] when none is found)."""
        return self._require_started().replan(self.game.entity_infos)

    def close(self) -> None:
        """Free Fast Downward's task memory. The library copy stays mapped: `dlclose` of a
        libdownward copy (fast_downward.close_lib) can crash the process at exit."""
        if self._lib is not None:
            self._lib.cleanup()
            self._lib = None
        self.game = self.state = self._options = None
