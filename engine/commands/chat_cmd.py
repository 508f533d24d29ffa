"""`learnact-engine chat --llm SPEC "prompt" [--json]`: one completion, to check a backend works."""

from __future__ import annotations

import argparse
import json
import sys

from learnact_engine.cli import UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "chat",
        help="one completion from an LLM backend, with usage and latency",
        description="Send one prompt to an LLM backend and print the answer, tokens, latency and cost.",
    )
    parser.add_argument("prompt", help="the user message")
    parser.add_argument("--llm", default="local", help="local | local:PATH.gguf | openai:MODEL | replay:DIR (default: local)")
    parser.add_argument("--system", help="a system message sent before the prompt")
    parser.add_argument("--json", action="store_true", help="print the completion as one JSON object")
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--temperature", type=float, default=0.0)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--stop", action="append", help="a stop sequence (repeatable)")
    parser.add_argument(
        "--choice",
        action="append",
        help="constrain the answer to exactly one of these lines (repeatable; GBNF grammar)",
    )
    parser.add_argument("--base-url", help="OpenAI-compatible endpoint (default: $OPENAI_BASE_URL or OpenAI)")
    parser.add_argument("--api-key", help="API key (default: $OPENAI_API_KEY)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per HTTP attempt")
    parser.add_argument("--max-attempts", type=int, default=6, help="HTTP attempts including retries")
    parser.add_argument("--grammar-field", help="request field that carries a GBNF grammar (llama.cpp server: grammar)")
    parser.add_argument("--threads", type=int, help="CPU threads for the local model (default 1)")
    parser.add_argument("--prices", help="JSON file overriding the price table")
    parser.add_argument("--context-window", type=int, metavar="TOKENS",
                        help="the model's context window (default: discovered; see `learn --help`)")
    parser.add_argument("--cache-dir", help="wrap the backend in a cassette in this directory")
    parser.add_argument(
        "--cache-mode", default="record-missing", choices=["record", "replay", "record-missing"]
    )
    parser.set_defaults(handler=run_chat)


def run_chat(args: argparse.Namespace) -> int:
    from learnact_engine.llm import (
        LLMConfigError,
        LLMError,
        LLMOptions,
        RetryPolicy,
        choice_grammar,
        load_price_table,
        make_llm,
    )
    from learnact_engine.llm.context_window import MIN_WINDOW

    try:
        options = LLMOptions(
            base_url=args.base_url,
            api_key=args.api_key,
            timeout_s=args.timeout,
            retry_policy=RetryPolicy(max_attempts=args.max_attempts),
            grammar_field=args.grammar_field,
            threads=args.threads,
            prices=load_price_table(args.prices),
            context_window=args.context_window,
        )
        if args.context_window is not None and args.context_window < MIN_WINDOW:
            raise ValueError(f"--context-window must be at least {MIN_WINDOW} tokens")
        grammar = choice_grammar(args.choice) if args.choice else None
        llm = make_llm(args.llm, cache_dir=args.cache_dir, cache_mode=args.cache_mode, options=options)
    except (LLMConfigError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    messages = []
    if args.system:
        messages.append({"role": "system", "content": args.system})
    messages.append({"role": "user", "content": args.prompt})
    try:
        with llm:
            context = llm.context_info()  # the window and its source, the token counter
            completion = llm.complete(
                messages,
                stop=args.stop,
                temperature=args.temperature,
                seed=args.seed,
                max_tokens=args.max_tokens,
                grammar=grammar,
            )
    except LLMConfigError as exc:
        raise UsageError(str(exc)) from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    except LLMError as exc:
        print(f"learnact-engine chat: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({**completion.to_dict(), "backend": llm.describe(), "context": context}, indent=2))
        return 0
    print(completion.text)
    cost = "unknown" if completion.cost_usd is None else f"${completion.cost_usd:.6f}"
    print(
        f"[{completion.model}] prompt_tokens={completion.usage.prompt_tokens} "
        f"completion_tokens={completion.usage.completion_tokens} latency={completion.latency_s:.2f}s "
        f"cost={cost} cached={'yes' if completion.cached else 'no'}",
        file=sys.stderr,
    )
    return 0
