"""The explorer notebook as kept in the repository: no output, no widget state, typed parameters."""

from __future__ import annotations

import nbformat

from tests.conftest import REPO

NOTEBOOK = REPO / "notebooks" / "02_explore_rings.ipynb"


def test_the_explorer_notebook_keeps_no_output_and_no_widget_state():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.outputs == [] and cell.execution_count is None for cell in code)
    assert "widgets" not in notebook.metadata


def test_the_explorer_notebook_opens_the_explorer_with_typed_parameters():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    parameters = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    assert 'case_dir: str = "../sample_data/demo_case"' in parameters.source
    assert any("explore(inv" in cell.source for cell in notebook.cells)
