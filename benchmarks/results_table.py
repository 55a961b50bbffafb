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


def write_results(doc: Path, table: str, marker: str = "results") -> None:
    """Replace what stands between ``<!-- marker -->`` and ``<!-- /marker -->`` in ``doc``."""
    text = doc.read_text(encoding="utf-8")
    opening, closing = f"<!-- {marker} -->", f"<!-- /{marker} -->"
    if opening not in text or closing not in text:
        raise ValueError(f"{doc} has no {opening} … {closing} section to rewrite")
    head, _, rest = text.partition(opening)
    _, _, tail = rest.partition(closing)
    doc.write_text(f"{head}{opening}\n{table}\n{closing}{tail}", encoding="utf-8")
