"""Run the triage notebook headless through papermill (``workbench triage`` and ``make demo``).

Where the notebook comes from: the notebooks live in the repository's
top-level ``notebooks/`` folder, beside the package, so that analysts open
and edit them in JupyterLab where they sit. `notebook_path` looks, in order,
for a copy shipped inside the package (``workbench/notebooks/``, already
listed as package data in pyproject.toml for wheel builds that copy it
there) and then for ``notebooks/`` next to the package (a source checkout or
the editable install ``make`` sets up). A caller can always pass the path.

The kernel runs with its working folder set to the notebook's folder (papermill's
``cwd``), as in JupyterLab, and the case and output folders are passed as
absolute paths, so relative paths mean the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import CaseError
from workbench.notebook_html import write_offline_html
from workbench.notebook_params import case_folder, coerce_declared, output_folder
from workbench.output import EXECUTED_NOTEBOOK, EXECUTED_PAGE

#: The triage notebook's file name.
TRIAGE_NOTEBOOK = "01_triage.ipynb"

#: Kernel the Makefile installs into the virtualenv (``ipykernel install --name python3``).
KERNEL = "python3"


_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class TriageRun:
    """Where a triage run put its results."""

    notebook: Path
    out_dir: Path
    report: Path


def notebook_path(name: str = TRIAGE_NOTEBOOK) -> Path:
    """The shipped notebook called ``name``, from the package or the source tree.

    Examples
    --------
    >>> notebook_path().name
    '01_triage.ipynb'
    """
    candidates = [_PACKAGE / "notebooks" / name, _PACKAGE.parent / "notebooks" / name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise CaseError(f"notebook {name} not found (looked in {looked}); pass its path explicitly")


def triage(
    case_dir: str | Path,
    out_dir: str | Path,
    *,
    parameters: Mapping[str, Any] | None = None,
    notebook: str | Path | None = None,
    kernel_name: str = KERNEL,
    html: bool = False,
) -> TriageRun:
    """Execute the triage notebook on a case, writing tables, HTML and the executed notebook.

    Parameters
    ----------
    case_dir : the case folder.
    out_dir : output folder; receives the contract's files and ``triage.ipynb``.
    parameters : other notebook parameters by name (text is coerced to the declared types).
    notebook : the notebook to run; `notebook_path()` by default.
    kernel_name : Jupyter kernel to start.
    html : also write ``triage.html``, the executed notebook as a page that makes
        no network request (`workbench.notebook_html`).

    Returns
    -------
    TriageRun with the executed notebook, the output folder and report.html.

    Examples
    --------
    >>> import shutil, tempfile
    >>> case = shutil.copytree("sample_data/demo_case", tempfile.mkdtemp() + "/case",
    ...                        ignore=shutil.ignore_patterns(".workbench"))
    >>> run = triage(case, tempfile.mkdtemp(), parameters={"seed": "7"})
    >>> run.report.is_file(), run.notebook.name
    (True, 'triage.ipynb')
    """
    import papermill

    source = Path(notebook) if notebook is not None else notebook_path()
    extra = dict(parameters or {})
    clash = sorted({"case_dir", "out_dir"} & set(extra))
    if clash:
        raise CaseError(f"parameter {clash[0]} is given as an argument, not as -p")
    values = {
        **extra,
        "case_dir": str(case_folder(case_dir)),
        "out_dir": str(output_folder(out_dir)),
    }
    checked = coerce_declared(values, papermill.inspect_notebook(str(source)))
    out = Path(values["out_dir"])
    out.mkdir(parents=True, exist_ok=True)
    executed = out / EXECUTED_NOTEBOOK
    try:
        papermill.execute_notebook(
            str(source),
            str(executed),
            parameters=checked,
            kernel_name=kernel_name,
            cwd=str(source.parent),
            progress_bar=False,
        )
    except papermill.PapermillExecutionError as error:
        if error.ename == "CaseError":
            raise CaseError(f"{error.evalue} (executed notebook: {executed})") from None
        raise
    if html:
        write_offline_html(executed, out / EXECUTED_PAGE)
    return TriageRun(notebook=executed, out_dir=out, report=out / "report.html")
