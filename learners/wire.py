"""Episode requests and their results as plain data, for episodes run in another process or machine.

A request becomes a dict of strings, numbers, lists and dicts only; its learned library travels as
source text (imports and each action's function text, notes and description) with the library's
hash, and the receiving side rebuilds the library and refuses it when the hash does not match.
A worker's answer is the episode record plus the LLM calls it made (for the driver's ledger) and,
for live backends, the cassette entries it recorded (which the driver writes into the run's cache).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from learnact_engine.actions import ActionLibrary
from learnact_engine.actions.library import Action
from learnact_engine.learners.episode import AgentSpec, EpisodeRequest
from learnact_engine.learners.prompts import Demonstration
from learnact_engine.llm.accounting import CallRecord
from learnact_engine.llm.types import Completion, Request, Usage

WIRE_VERSION = 1


class WireError(ValueError):
    """A request or result that is not what the other side sent (bad shape or library hash)."""


def library_to_data(library: ActionLibrary | None) -> dict | None:
    if library is None:
        return None
    return {"hash": library.hash, "imports": list(library.imports), "parent_hash": library.parent_hash,
            "primitive_names": sorted(library.primitive_names),
            "actions": [{"source": a.source, "notes": list(a.notes), "description": a.description}
                        for a in library.actions]}


def library_from_data(data: dict | None) -> ActionLibrary | None:
    if data is None:
        return None
    actions = tuple(Action(str(a["source"]), tuple(str(n) for n in a.get("notes", ())), str(a.get("description", "")))
                    for a in data["actions"])
    library = ActionLibrary(actions, tuple(data.get("imports", ())), data.get("parent_hash"),
                            frozenset(data.get("primitive_names", ())))
    if library.hash != data.get("hash"):
        raise WireError(f"library hash mismatch: sent {data.get('hash')!r}, rebuilt {library.hash!r}")
    return library


def spec_to_data(spec: AgentSpec) -> dict:
    return {"react": spec.react, "library": library_to_data(spec.library), "usage": spec.usage,
            "reflections": list(spec.reflections)}


def spec_from_data(data: dict) -> AgentSpec:
    return AgentSpec(react=bool(data["react"]), library=library_from_data(data.get("library")),
                     usage=str(data.get("usage", "")), reflections=tuple(str(r) for r in data.get("reflections", ())))


def demonstration_to_data(demo: Demonstration | None) -> dict | None:
    if demo is None:
        return None
    return {"goal": demo.goal, "initial_observation": demo.initial_observation,
            "steps": [list(step) for step in demo.steps], "thought": demo.thought,
            "react_goal": demo.react_goal, "react_initial_observation": demo.react_initial_observation,
            "react_steps": [list(step) for step in demo.react_steps]}


def demonstration_from_data(data: dict | None) -> Demonstration | None:
    if data is None:
        return None
    return Demonstration(str(data["goal"]), str(data["initial_observation"]),
                         tuple((str(a), str(o)) for a, o in data["steps"]), data.get("thought"),
                         data.get("react_goal"), data.get("react_initial_observation"),
                         tuple((str(a), str(o)) for a, o in data.get("react_steps") or ()))


def request_to_data(request: EpisodeRequest) -> dict:
    return {"v": WIRE_VERSION, "task": request.task, "task_type": request.task_type,
            "spec": spec_to_data(request.spec), "demonstration": demonstration_to_data(request.demonstration),
            "phase": request.phase, "max_steps": request.max_steps, "repeat": request.repeat,
            "labels": dict(request.labels), "key": request.key}


def request_from_data(data: dict) -> EpisodeRequest:
    if not isinstance(data, dict) or data.get("v") != WIRE_VERSION:
        raise WireError("not an episode request of this version")
    request = EpisodeRequest(str(data["task"]), str(data["task_type"]), spec_from_data(data["spec"]),
                             demonstration_from_data(data.get("demonstration")), str(data["phase"]),
                             int(data["max_steps"]), repeat=int(data.get("repeat", 0)), labels=dict(data["labels"]))
    if request.key != data.get("key"):
        raise WireError(f"episode key mismatch: sent {data.get('key')!r}, rebuilt {request.key!r}")
    return request


def calls_to_data(records: list[CallRecord]) -> list[dict]:
    return [asdict(r) for r in records]


def calls_from_data(data: list[dict]) -> list[CallRecord]:
    return [CallRecord(**entry) for entry in data]


def llm_request_to_data(request: Request) -> dict:
    return {"messages": [list(m) for m in request.messages], "stop": list(request.stop),
            "temperature": request.temperature, "seed": request.seed, "max_tokens": request.max_tokens,
            "grammar": request.grammar}


def llm_request_from_data(r: dict) -> Request:
    return Request(tuple((str(role), str(content)) for role, content in r["messages"]), tuple(r["stop"]),
                   r["temperature"], r["seed"], r["max_tokens"], r["grammar"])


def entry_to_data(model: str, request: Request, completion: Completion) -> dict:
    """A cassette entry recorded by a worker, for the driver to write into the run's cache."""
    return {"model": model, "request": llm_request_to_data(request), "completion": completion_to_data(completion)}


def entry_from_data(data: dict) -> tuple[str, Request, Completion]:
    return str(data["model"]), llm_request_from_data(data["request"]), completion_from_data(data["completion"])


def completion_to_data(completion: Completion) -> dict[str, Any]:
    return {"text": completion.text, "prompt_tokens": completion.usage.prompt_tokens,
            "completion_tokens": completion.usage.completion_tokens, "model": completion.model,
            "cached": completion.cached, "latency_s": completion.latency_s, "cost_usd": completion.cost_usd,
            "finish_reason": completion.finish_reason}


def completion_from_data(data: dict) -> Completion:
    return Completion(str(data["text"]), Usage(int(data["prompt_tokens"]), int(data["completion_tokens"])),
                      str(data["model"]), cached=bool(data["cached"]), latency_s=float(data["latency_s"]),
                      cost_usd=data["cost_usd"], finish_reason=data.get("finish_reason"))
