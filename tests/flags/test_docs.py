import re
from pathlib import Path

from workbench.flags import FLAGS
from workbench.flags.docs import constant_comment, render_markdown

PAGE = Path(__file__).resolve().parents[2] / "docs" / "red_flags.md"


def test_committed_page_matches_registry():
    assert PAGE.read_text(encoding="utf-8") == render_markdown(), (
        "docs/red_flags.md is stale: run "
        "`.venv/bin/python -m workbench.flags.docs > docs/red_flags.md`"
    )


def test_page_lists_every_flag_once():
    flag_table = render_markdown().split("## Thresholds")[0]
    assert all(flag_table.count(f"| {flag.code} |") == 1 for flag in FLAGS)


def test_page_shows_every_threshold_with_its_current_value():
    page = render_markdown()
    for flag in FLAGS:
        for name, value in flag.threshold_values.items():
            assert f"{name} = {value!r}" in page, (flag.code, name)
            assert f"| `{flag.family}.{name}` | {value!r} |" in page, (flag.code, name)


def test_page_reads_values_at_render_time(monkeypatch):
    from workbench.flags import payment

    monkeypatch.setattr(payment, "CHURN_DAYS", 31)
    assert "CHURN_DAYS = 31" in render_markdown()


def test_every_threshold_has_a_comment_saying_why():
    for flag in FLAGS:
        for name in flag.thresholds:
            assert constant_comment(flag.detect.__module__, name), (flag.code, name)


def test_constant_comment_joins_lines_and_is_empty_without_one():
    assert constant_comment("workbench.flags.location", "GEO_MISMATCH_SHARE").startswith(
        "Share of an identity's geolocated logins outside the claimed country that is more"
    )
    assert constant_comment("workbench.flags.location", "DPRK_RANGES") == ""


def test_descriptions_leave_threshold_values_to_the_constants():
    for flag in FLAGS:
        for name, value in flag.threshold_values.items():
            if isinstance(value, int | float):
                assert not re.search(rf"\b{value!r}\b", flag.description), (flag.code, name)


def test_page_cites_each_flags_passages_and_marks_heuristics():
    page = render_markdown()
    sources = page.split("## Sources")[1].split("## Thresholds")[0]
    for flag in FLAGS:
        assert f"- **{flag.code}**" in sources, flag.code
        for citation in flag.sources:
            assert f"{citation.document}: {citation.text}" in sources, flag.code
    assert "- **SEQUENTIAL_EMAIL** (analyst heuristic)" in sources
    assert "Developers are logged into their accounts continuously" in sources


def test_thresholds_say_whether_a_source_gives_the_value():
    page = render_markdown()
    assert "| `location.LONG_SESSION_MINUTES` | 1440 | source |" in page
    assert "| `location.LONG_SESSION_MIN` | 2 | chosen |" in page


def test_lists_show_what_each_flag_looks_for():
    lists = render_markdown().split("## Lists")[1]
    assert "| SCHEME_VPN | `access.SCHEME_VPN_PROVIDERS` | ('astrill',) |" in lists
    for flag in FLAGS:
        for name in flag.lists:
            assert f"| {flag.code} | `{flag.family}.{name}` |" in lists, (flag.code, name)
