"""What an LLM planner (``openai`` or ``anthropic``) is made with, checked at start-up
without importing its SDK or the planner's own modules (the prompt, the tools, tiktoken):
a server imports those at its first plan (agent/planners ``LLMOnFirstPlan``), and a
missing extra or key is still one line before anything starts."""

from __future__ import annotations

import os
from dataclasses import dataclass

from leflux.config import Settings
from leflux.errors import ConfigError
from leflux.extras import require_installed

DEFAULT_MODELS = {"openai": "gpt-4.1-mini", "anthropic": "claude-sonnet-4-6"}


@dataclass(frozen=True, slots=True)
class LLMOptions:
    kind: str  # "openai" or "anthropic"
    model: str
    api_key: str
    base_url: str | None
    timeout_s: float
    max_retries: int


def llm_options(
    settings: Settings,
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    max_retries: int = 2,
    timeout_s: float | None = None,
) -> LLMOptions:
    """The options of the planner named by ``settings.planner``, or the ConfigError that
    says what is missing (the SDK's extra, the key).

    Keys come from ``OPENAI_API_KEY`` / ``ANTHROPIC_API_KEY``. ``--openai-base-url``
    points the openai planner at any compatible server (a local one needs no key);
    the Anthropic endpoint follows ``ANTHROPIC_BASE_URL`` like the SDK does.
    """
    kind = settings.planner
    if kind not in DEFAULT_MODELS:
        raise ConfigError(f"{kind!r} is not an LLM planner (use openai or anthropic)")
    require_installed(kind)
    model = settings.model or DEFAULT_MODELS[kind]
    timeout = timeout_s if timeout_s is not None else settings.limits.planner_timeout_s
    if kind == "openai":
        url = base_url or settings.openai_base_url or os.environ.get("OPENAI_BASE_URL")
        key = api_key or os.environ.get("OPENAI_API_KEY")
        if not key:
            if not url:
                raise ConfigError("--planner openai needs OPENAI_API_KEY (or --openai-base-url)")
            key = "not-needed"  # Ollama, vLLM, llama.cpp and LM Studio take any key
    else:
        url = base_url or os.environ.get("ANTHROPIC_BASE_URL")
        key = api_key or os.environ.get("ANTHROPIC_API_KEY")
        if not key:
            raise ConfigError("--planner anthropic needs ANTHROPIC_API_KEY")
    return LLMOptions(kind, model, key, url, timeout, max_retries)
