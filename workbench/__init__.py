"""workbench: find rings of front identities among remote IT contractors."""

from __future__ import annotations

from typing import Any

from workbench.errors import CaseError

__all__ = ["CaseError", "explore"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Load UI-only entry points (ipywidgets) on first use."""
    if name == "explore":
        from workbench.explorer import explore

        return explore
    raise AttributeError(f"module 'workbench' has no attribute {name!r}")
