"""The utterance audit log: append-only, hash-chained JSONL that survives kill -9."""

from .log import GENESIS, AuditLog, Verification, verify

__all__ = ["GENESIS", "AuditLog", "Verification", "verify"]
