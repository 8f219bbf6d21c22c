"""Answers to viewers, from catalog facts, live state and store policies only.

A question is read (reading.py: its language, its clauses as English word stems), matched by
meaning to what the catalog holds about the product it is about (meaning.py), and answered with
reviewed templates filled from the catalog at that moment (answerer.py); what the catalog does
not hold is said not to be known. A viewer's last turns are remembered (director/memory.py) so
"and the black one?" and "how much is it?" are about what that viewer was asking about.
"""

from .answerer import DROPPED_INTENTS, Answerer, Reply, declined_topic

__all__ = ["DROPPED_INTENTS", "Answerer", "Reply", "declined_topic"]
