"""Short HTML summaries that notebooks show for an investigation and for a ring.

Jupyter displays an object by its ``_repr_html_``; these build that markup
from plain values and frames, escaping every case string, so that displaying
a run or a ring shows a few lines instead of 40,000 characters of dataclass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from workbench.views.escape import text
from workbench.views.pages import cell, split_score

#: Rings listed on an investigation's card, and members and reasons on a ring's.
TOP_RINGS = 5
TOP_MEMBERS = 10
TOP_REASONS = 3

_CARD = 'style="font-family:sans-serif;font-size:13px;line-height:1.4"'
_CELL = 'style="text-align:left;padding:1px 8px 1px 0"'


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f"<th {_CELL}>{text(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td {_CELL}>{text(cell(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def investigation_card(*, case: str, counts: Mapping[str, object], rings: pl.DataFrame) -> str:
    """An investigation at a glance: its case, its counts and its highest rings.

    Parameters
    ----------
    case : the case's name.
    counts : what to count, in order (contractors, rings, alerts …).
    rings : ring_id, ring_score, ring_size, reasons (a list), highest first.

    Returns
    -------
    Escaped HTML.

    Examples
    --------
    >>> rings = pl.DataFrame({"ring_id": ["R-1"], "ring_score": [80.0], "ring_size": [3],
    ...     "reasons": [["<b>shared</b> wallet"]]})
    >>> card = investigation_card(case="<case>", counts={"rings": 1}, rings=rings)
    >>> "&lt;case&gt;" in card, "&lt;b&gt;shared" in card, "<b>" in card
    (True, True, False)
    """
    facts = " · ".join(f"{text(value)} {text(name)}" for name, value in counts.items())
    top = [
        (r["ring_id"], r["ring_score"], r["ring_size"], (r["reasons"] or [""])[0])
        for r in rings.head(TOP_RINGS).iter_rows(named=True)
    ]
    listing = _table(["ring", "score", "size", "first reason"], top) if top else "<p>No rings.</p>"
    return (
        f"<div {_CARD}><strong>Investigation</strong> of <code>{text(case)}</code>"
        f"<p>{facts}</p>{listing}</div>"
    )


def ring_card(
    *,
    ring_id: str,
    score: float,
    tie_score: float,
    reasons: Sequence[str],
    members: pl.DataFrame,
    shared_values: int,
) -> str:
    """A ring at a glance: its score split into ties and red flags, reasons and members.

    Parameters
    ----------
    ring_id, score, reasons : the ring and why it scored.
    tie_score : the score its ties give alone (see `workbench.views.pages.split_score`).
    members : contractor_id, full_name, country, risk_score, flags; riskiest shown first.
    shared_values : how many values two or more members share.

    Returns
    -------
    Escaped HTML.

    Examples
    --------
    >>> members = pl.DataFrame({"contractor_id": ["c1"], "full_name": ["<img src=x>"],
    ...     "country": ["KP"], "risk_score": [91.0], "flags": ["VPN_HEAVY"]})
    >>> card = ring_card(ring_id="R-1", score=83.3, tie_score=27.2, reasons=["a"],
    ...     members=members, shared_values=2)
    >>> "27.2 from ties + 56.1 from red flags" in card, "<img" in card
    (True, False)
    """
    ties, flags = split_score(score, tie_score)
    ranked = members.sort(
        ["risk_score", "contractor_id"], descending=[True, False], nulls_last=True
    )
    columns = ["contractor_id", "full_name", "country", "risk_score", "flags"]
    rows = ranked.select(columns).head(TOP_MEMBERS).rows()
    more = members.height - len(rows)
    return (
        f"<div {_CARD}><strong>Ring {text(ring_id)}</strong>: score {score:.1f} of 100 "
        f"({ties:.1f} from ties + {flags:.1f} from red flags), {members.height} members, "
        f"{shared_values} shared values"
        + "<ul>"
        + "".join(f"<li>{text(r)}</li>" for r in reasons[:TOP_REASONS])
        + "</ul>"
        + _table(["contractor", "name", "country", "risk", "flags"], rows)
        + (f"<p>… and {more} more members.</p>" if more > 0 else "")
        + "</div>"
    )
