from pathlib import Path

from workbench.flags import FLAGS
from workbench.flags.docs import render_markdown

PAGE = Path(__file__).resolve().parents[2] / "docs" / "red_flags.md"


def test_committed_page_matches_registry():
    assert PAGE.read_text(encoding="utf-8") == render_markdown(), (
        "docs/red_flags.md is stale: run "
        "`.venv/bin/python -m workbench.flags.docs > docs/red_flags.md`"
    )


def test_page_lists_every_flag_once():
    page = render_markdown()
    assert all(page.count(f"| {flag.code} |") == 1 for flag in FLAGS)
