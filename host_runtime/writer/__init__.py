"""The host's words: LLM drafts through LangChain chat models, facts filled from the catalog as
slots, every sentence checked by the guardrails with approved copy as the fallback."""
