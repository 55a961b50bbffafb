"""The JupyterLab explorer: rank rings, search the case, pivot on a two-way graph, read the
timeline, record decisions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbench.explorer.state import ExplorerModel

if TYPE_CHECKING:
    from workbench.explorer.app import ExplorerApp
    from workbench.investigation import Investigation

__all__ = ["ExplorerModel", "explore"]


def explore(
    investigation: Investigation,
    *,
    case_dir: str | Path | None = None,
    export_dir: str | Path | None = None,
) -> ExplorerApp:
    """Open the explorer on a finished run; the returned app displays itself in a cell.

    Parameters
    ----------
    investigation : the result of `workbench.investigation.investigate`.
    case_dir : the case folder whose decision log is read and written; the
        investigation's case folder by default.
    export_dir : where "Export ring HTML" writes; ``exports`` in the working folder by default.

    Returns
    -------
    An `ExplorerApp`; its ``model`` holds the selection and filters.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> app = explore(investigate("sample_data/demo_case"))
    >>> len(app.rows) > 0
    True
    """
    from workbench.explorer.app import ExplorerApp

    model = ExplorerModel(investigation, case_dir=case_dir, export_dir=export_dir)
    return ExplorerApp(model)
