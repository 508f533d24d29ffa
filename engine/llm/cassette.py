"""A content-addressed store of LLM answers: a directory of JSON files.

Layout: `DIR/<model-slug>/<key>.json`, where `key` is the SHA-256 of the canonical JSON of the
normalised request (messages, stop, temperature, seed, max_tokens, grammar) and the model is the
namespace, so one cassette holds a run's learner and agent models side by side and a pure replay
(which does not know the model) can still find the answer. Every file is written atomically
(temporary file + rename), so a killed run never leaves half an entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from learnact_engine.llm.types import Completion, Request, Usage

FORMAT_VERSION = 1


def request_key(request: Request) -> str:
    canonical = {
        "v": FORMAT_VERSION,
        "messages": [[role, content] for role, content in request.messages],
        "stop": list(request.stop),
        "temperature": request.temperature,
        "seed": request.seed,
        "max_tokens": request.max_tokens,
        "grammar": request.grammar,
    }
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # surrogatepass: a prompt holding a lone surrogate still gets a key (valid text hashes as before)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def model_slug(model: str) -> str:
    """A file-system-safe, collision-free folder name for a model name."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", model).strip("._")[:60] or "model"
    return f"{readable}-{hashlib.sha256(model.encode('utf-8')).hexdigest()[:8]}"


@dataclass(frozen=True)
class Entry:
    model: str
    key: str
    completion: Completion


class Cassette:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def path_for(self, model: str, key: str) -> Path:
        return self.root / model_slug(model) / f"{key}.json"

    def get(self, model: str, request: Request) -> Entry | None:
        key = request_key(request)
        return self._read(self.path_for(model, key), key)

    def find_any_model(self, request: Request) -> list[Entry]:
        """Entries for this request under every model in the cassette (for a pure replay)."""
        key = request_key(request)
        found = []
        for folder in self._model_folders():
            entry = self._read(folder / f"{key}.json", key)
            if entry is not None:
                found.append(entry)
        return found

    def put(self, model: str, request: Request, completion: Completion) -> Path:
        key = request_key(request)
        path = self.path_for(model, key)
        record = {
            "format": FORMAT_VERSION,
            "model": model,
            "key": key,
            "request": {
                "messages": request.message_dicts(),
                "stop": list(request.stop),
                "temperature": request.temperature,
                "seed": request.seed,
                "max_tokens": request.max_tokens,
                "grammar": request.grammar,
            },
            "response": {
                "text": completion.text,
                "model": completion.model,
                "prompt_tokens": completion.usage.prompt_tokens,
                "completion_tokens": completion.usage.completion_tokens,
                "latency_s": completion.latency_s,
                "cost_usd": completion.cost_usd,
                "finish_reason": completion.finish_reason,
            },
        }
        text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True)
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate somewhere: the same JSON, escaped
                text = json.dumps(record, ensure_ascii=True, indent=1, sort_keys=True)
        _write_atomic(path, text)
        return path

    def models(self) -> list[str]:
        names = []
        for folder in self._model_folders():
            for file in folder.glob("*.json"):
                try:
                    names.append(json.loads(file.read_text(encoding="utf-8"))["model"])
                    break
                except (OSError, ValueError, KeyError):
                    continue
        return sorted(names)

    def __len__(self) -> int:
        return sum(1 for folder in self._model_folders() for _ in folder.glob("*.json"))

    def _model_folders(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.iterdir() if p.is_dir())

    @staticmethod
    def _read(path: Path, key: str) -> Entry | None:
        try:
            record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise ValueError(f"corrupt cassette entry {path}: {exc}") from None
        if record.get("key") != key or record.get("format") != FORMAT_VERSION:
            raise ValueError(f"cassette entry {path} does not match its key or format")
        response = record["response"]
        completion = Completion(
            text=response["text"],
            usage=Usage(response["prompt_tokens"], response["completion_tokens"]),
            model=response["model"],
            cached=False,
            latency_s=response["latency_s"],
            cost_usd=response["cost_usd"],
            finish_reason=response.get("finish_reason"),
        )
        return Entry(model=record["model"], key=key, completion=completion)


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        _unlink_quietly(tmp)
        raise


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
