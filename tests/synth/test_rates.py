"""Every rate is a documented, named constant."""

from __future__ import annotations

from pathlib import Path

from workbench.synth import rates

DOC = Path(__file__).resolve().parents[2] / "docs" / "synth.md"


def test_docs_name_every_rate() -> None:
    text = DOC.read_text(encoding="utf-8")
    names = [n for n in vars(rates) if n.isupper()]
    assert names
    assert [n for n in names if f"`{n}`" not in text] == []


def test_rates_are_probabilities_or_positive_sizes() -> None:
    for name, value in vars(rates).items():
        if not name.isupper():
            continue
        values = value if isinstance(value, tuple) else (value,)
        assert all(v > 0 for v in values), name
        if name.endswith(
            ("_RATE", "_SHARE", "_LOGINS", "_USERS", "_PEOPLE")
        ) and not name.startswith(("NAT_PEOPLE", "COMMERCIAL")):
            assert all(v <= 1 for v in values), name
