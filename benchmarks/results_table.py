"""The markdown table a benchmark prints, and its place between result markers in a doc."""

from __future__ import annotations

from pathlib import Path


def markdown(rows: list[dict[str, object]]) -> str:
    """A markdown table of ``rows`` (one dict each, same keys); a missing value shows "–".

    Examples
    --------
    >>> print(markdown([{"case": "a", "recall": 1.0}, {"case": "b", "recall": None}]))
    | case | recall |
    |---|---|
    | a | 1.0 |
    | b | – |
    """
    header = list(rows[0])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells = ["–" if row[k] is None else str(row[k]) for k in header]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_results(doc: Path, table: str) -> None:
    """Replace what stands between ``<!-- results -->`` and ``<!-- /results -->`` in ``doc``."""
    text = doc.read_text(encoding="utf-8")
    head, _, rest = text.partition("<!-- results -->")
    _, _, tail = rest.partition("<!-- /results -->")
    doc.write_text(f"{head}<!-- results -->\n{table}\n<!-- /results -->{tail}", encoding="utf-8")
