"""workbench: find rings of front identities among remote IT contractors."""

from __future__ import annotations

from workbench.errors import CaseError

__all__ = ["CaseError"]
__version__ = "0.1.0"
