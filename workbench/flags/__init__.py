"""Red flags: a registry of per-identity warning signs, each with its evidence."""

from __future__ import annotations

from workbench.flags.context import FlagContext
from workbench.flags.evaluate import FlagResult, evaluate
from workbench.flags.registry import FLAGS, WEIGHTS, Flag

__all__ = ["FLAGS", "WEIGHTS", "Flag", "FlagContext", "FlagResult", "evaluate"]
