"""learnact-engine: LLM agents that learn their own actions as Python functions, run in a sandbox."""

__version__ = "0.1.0"
