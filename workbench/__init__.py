"""workbench: find rings of front identities among remote IT contractors.

Examples
--------
>>> import workbench as wb
>>> inv = wb.investigate("sample_data/demo_case")
>>> sorted(inv.alerts.columns)
['change', 'disposition', 'lineage_id', 'reasons', 'review', 'ring_id', 'ring_score', 'ring_size']
"""

from __future__ import annotations

from typing import Any

import workbench.allocator  # noqa: F401 (first: it sets the allocator before polars loads)
from workbench.case import Case, load_case
from workbench.errors import CaseError
from workbench.investigation import Investigation, RingView, investigate
from workbench.settings import Settings

__all__ = [
    "Case",
    "CaseError",
    "Investigation",
    "RingView",
    "Settings",
    "explore",
    "investigate",
    "load_case",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Load UI-only entry points (ipywidgets) on first use."""
    if name == "explore":
        from workbench.explorer import explore

        return explore
    raise AttributeError(f"module 'workbench' has no attribute {name!r}")
