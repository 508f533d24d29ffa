"""The two LLM roles of a run (spec §1.1): the agent (`--llm`) acts; the learner (`--learner-llm`,
default the agent's spec) writes actions, descriptions, usage examples, revisions and reflections.

Each role has its own ledger, so tokens and cost are reported per role. When both roles name the
same spec they share one backend (one local model in memory) and one cassette (`llm-cache`);
otherwise the learner records into `llm-cache/learner`. Replaying a run (`--llm replay:DIR`) finds
the learner's answers in DIR/learner by itself, so a two-role run replays exactly.

Whether a role is a local grammar-enforcing model decides its output caps (learners.output_caps);
a replayed role is what the recorded run's config says it was, so the replay sends the same caps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LEARNER_CACHE = "learner"


@dataclass
class Roles:
    agent: Any  # MeteredLLM
    learner: Any  # MeteredLLM (may share the agent's backend, never its ledger)
    agent_spec: str
    learner_spec: str
    shared: bool  # one backend for both roles
    cache_dir: Path | None  # the agent's cassette (the run's llm-cache), None when not recording

    def close(self) -> None:
        self.agent.close()
        if not self.shared:
            self.learner.close()

    def combined_summary(self) -> dict:
        from learnact_engine.llm.accounting import Ledger

        if self.learner.ledger is self.agent.ledger:
            return self.agent.ledger.summary()
        return Ledger(records=list(self.agent.ledger.records) + list(self.learner.ledger.records)).summary()

    def by_role(self) -> dict:
        return {"agent": self.agent.ledger.summary(), "learner": self.learner.ledger.summary()}


def _recorded_spec(cassette: Path, role: str) -> str | None:
    """The spec a role had in the run whose cassette this is (run/llm-cache[/learner])."""
    run = cassette.parent.parent if cassette.name == LEARNER_CACHE else cassette.parent
    try:
        settings = json.loads((run / "config.json").read_text(encoding="utf-8")).get("settings", {})
    except (OSError, ValueError):
        return None
    spec = settings.get("learner_llm" if role == "learner" else "llm")
    return spec if isinstance(spec, str) else None


def is_local_spec(spec: str, role: str = "agent", depth: int = 0) -> bool:
    """A local (grammar-enforcing) model, directly or as recorded in a replayed run."""
    if spec.startswith("local"):
        return True
    if spec.startswith("replay:") and depth < 3:
        recorded = _recorded_spec(Path(spec.split(":", 1)[1]), role)
        return recorded is not None and is_local_spec(recorded, role, depth + 1)
    return False


def make_roles(llm_spec: str, learner_spec: str | None, run_path: Path | None, agent_factory=None,
               learner_factory=None, options=None, spend=None) -> Roles:
    """`options` (LLMOptions: e.g. the context window) and `spend` (the run's SpendLimit, shared by
    both roles) go to every LLM made here; each role gets its own context window and counter."""
    from learnact_engine.llm import make_llm
    from learnact_engine.llm.accounting import Ledger, MeteredLLM

    replaying = llm_spec.startswith("replay:")
    if learner_spec is None and replaying:
        learner_dir = Path(llm_spec.split(":", 1)[1]) / LEARNER_CACHE
        if learner_dir.is_dir():  # the recorded run had a separate learner
            learner_spec = f"replay:{learner_dir}"
    learner_spec = learner_spec or llm_spec
    cache = run_path / "llm-cache" if run_path is not None and not replaying and agent_factory is None else None
    agent = agent_factory() if agent_factory is not None else make_llm(llm_spec, cache_dir=cache, options=options,
                                                                       spend=spend)
    if learner_factory is not None:
        return Roles(agent, learner_factory(), llm_spec, learner_spec, False, cache)
    if learner_spec == llm_spec:
        window = options.context_window if options is not None else None
        return Roles(agent, MeteredLLM(agent.inner, Ledger(), context_window=window, spend=spend), llm_spec,
                     learner_spec, True, cache)
    learner_cache = None
    if run_path is not None and not learner_spec.startswith("replay:"):
        learner_cache = run_path / "llm-cache" / LEARNER_CACHE
    learner = make_llm(learner_spec, cache_dir=learner_cache, options=options, spend=spend)
    return Roles(agent, learner, llm_spec, learner_spec, False, cache)
