"""LLM clients behind one small interface: `make_llm(spec).complete(messages, ...) -> Completion`.

Backends: `openai` (any OpenAI-compatible endpoint), `local` (an embedded GGUF model through
llama.cpp, the offline default) and `replay` (a content-addressed cassette). Heavy imports (openai,
llama_cpp) happen only when the backend that needs them is made.
"""

from learnact_engine.llm.accounting import REPLY_PROBLEMS, CallRecord, Ledger, MeteredLLM, Totals
from learnact_engine.llm.context_window import ContextWindow
from learnact_engine.llm.factory import LLMOptions, make_backend, make_llm, parse_spec
from learnact_engine.llm.grammar import (
    action_line_grammar,
    call_grammar,
    choice_grammar,
    python_block_grammar,
)
from learnact_engine.llm.pricing import Price, PriceTable, load_price_table
from learnact_engine.llm.replay_backend import CACHE_MODES, ReplayBackend, ReplayMissError
from learnact_engine.llm.retry import RetryPolicy
from learnact_engine.llm.spend import SpendLimit
from learnact_engine.llm.types import (
    LLM,
    Completion,
    LLMAuthError,
    LLMBadRequestError,
    LLMBudgetError,
    LLMConfigError,
    LLMContextError,
    LLMError,
    LLMRequestError,
    Request,
    Usage,
)

__all__ = [
    "CACHE_MODES",
    "CallRecord",
    "ContextWindow",
    "LLMBudgetError",
    "LLMContextError",
    "REPLY_PROBLEMS",
    "SpendLimit",
    "Completion",
    "LLM",
    "LLMAuthError",
    "LLMBadRequestError",
    "LLMConfigError",
    "LLMError",
    "LLMOptions",
    "LLMRequestError",
    "Ledger",
    "MeteredLLM",
    "Price",
    "PriceTable",
    "ReplayBackend",
    "ReplayMissError",
    "Request",
    "RetryPolicy",
    "Totals",
    "Usage",
    "action_line_grammar",
    "call_grammar",
    "choice_grammar",
    "load_price_table",
    "make_backend",
    "make_llm",
    "parse_spec",
    "python_block_grammar",
]
