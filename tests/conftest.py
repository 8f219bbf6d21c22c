"""Session fixtures: each real model loads once per test session, whichever tests use it."""

from __future__ import annotations

import pytest

from host_runtime.writer.llm import LLMSettings, chat_model


@pytest.fixture(scope="session")
def llamacpp_llm() -> LLMSettings:
    """The default backend: the bundled SmolLM2 GGUF through xllamacpp, loaded now."""
    settings = LLMSettings("llamacpp", temperature=0.7)
    chat_model(settings)
    return settings


@pytest.fixture(scope="session")
def transformers_llm() -> LLMSettings:
    """The same model through transformers (de-quantized once to a cached fp32 copy)."""
    settings = LLMSettings("transformers", temperature=0)
    chat_model(settings)
    return settings
