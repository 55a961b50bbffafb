"""The report's case-memory sections: new members of decided rings, and what changed.

`newcomer_band` heads the report: each confirmed or benign ring that holds
identities the decision was not made on is an alert ("new member joined a
confirmed ring", "new member joined a ring judged benign"), naming them.
`since_section` lists every change since the case's previous run
(`workbench.changes`). Both escape every case string.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from workbench.views.escape import safe_href, text
from workbench.views.pages import maybe_redact

#: The alert's wording by the decision the newcomers joined under, as the analyst
#: reads it at the top of the report (`workbench.carry.WATCHED`).
NEWCOMER_ALERTS = {
    "confirmed": "new member joined a confirmed ring",
    "benign": "new member joined a ring judged benign",
}

#: How the alert's reason names the decision: "…, confirmed before they joined".
_DECIDED = {"confirmed": "confirmed", "benign": "judged benign"}

#: Columns of the "Since last run" table.
CHANGE_COLUMNS = ("Change", "Ring", "Lineage", "Contractor", "What changed")


def newcomer_band(
    newcomers: pl.DataFrame, ring_href: Callable[[str], str], *, redact: bool = False
) -> str:
    """One alert per confirmed or benign ring that new members joined, naming them (empty
    when none).

    Parameters
    ----------
    newcomers : ring_id, lineage_id, ring_score, disposition, newcomers (ids),
        names (their full names, or null), as `Investigation.newcomer_alerts`
        gives them.
    ring_href : relative link to a ring's page.
    redact : mask identifiers written inside names.

    Examples
    --------
    >>> alerts = pl.DataFrame({"ring_id": ["R-1"], "lineage_id": ["L-1"], "ring_score": [80.0],
    ...     "disposition": ["benign"], "newcomers": [["c9"]], "names": [["Eve <i>"]]})
    >>> band = newcomer_band(alerts, lambda r: f"rings/{r}.html")
    >>> "new member joined a ring judged benign" in band and "c9 (Eve &lt;i&gt;)" in band
    True
    >>> newcomer_band(alerts.clear(), lambda r: "#")
    ''
    """
    if newcomers.is_empty():
        return ""
    items = []
    for rank, ring in enumerate(newcomers.iter_rows(named=True), start=1):
        who = ", ".join(
            f"{cid} ({maybe_redact(name, redact)})" if name else cid
            for cid, name in zip(ring["newcomers"], ring["names"], strict=True)
        )
        href = safe_href(ring_href(ring["ring_id"]))
        items.append(
            '<li class="band-item alert newcomer" data-kind="newcomer">'
            f'<div class="band-head"><span class="band-rank">{rank}</span>'
            f'<a class="band-id" href="{href}">{text(ring["ring_id"])}</a>'
            f'<span class="band-what">{NEWCOMER_ALERTS[ring["disposition"]]}</span>'
            f'<strong class="band-score">{ring["ring_score"]:.1f}</strong></div>'
            f'<p class="band-reason">{text(who)} joined ring {text(ring["lineage_id"])}, '
            f"{_DECIDED[ring['disposition']]} before they joined: review the ring again.</p></li>"
        )
    return (
        f"<h2>New members in decided rings ({newcomers.height})</h2>"
        f'<ol id="newcomers" class="band">{"".join(items)}</ol>'
    )


def since_section(changes: pl.DataFrame, previous_run: int | None) -> str:
    """"Since last run": every change with its evidence, or why there is nothing to list.

    Parameters
    ----------
    changes : the columns of `workbench.changes.CHANGES_SCHEMA`.
    previous_run : the number of the remembered run compared with; None on a
        case's first run.

    Examples
    --------
    >>> row = pl.DataFrame({"change": ["new_flag"], "ring_id": [None], "lineage_id": [None],
    ...     "contractor_id": ["c<1>"], "evidence": ["VPN_HEAVY: 9 of 10 logins"]})
    >>> "<td>c&lt;1&gt;</td>" in since_section(row, 3)
    True
    >>> since_section(row.clear(), None)
    '<h2 id="since">Since last run</h2><p class="muted">No earlier run of this case to \
compare with.</p>'
    """
    if previous_run is None:
        return (
            '<h2 id="since">Since last run</h2>'
            '<p class="muted">No earlier run of this case to compare with.</p>'
        )
    heading = f'<h2 id="since">Since last run (run {previous_run} of this case)</h2>'
    if changes.is_empty():
        return heading + '<p class="muted">Nothing changed.</p>'
    head = "".join(f"<th>{text(name)}</th>" for name in CHANGE_COLUMNS)
    rows = "".join(
        "<tr>"
        + f"<td>{text(str(row['change']).replace('_', ' '))}</td>"
        + "".join(
            f"<td>{text(row[name])}</td>"
            for name in ("ring_id", "lineage_id", "contractor_id", "evidence")
        )
        + "</tr>"
        for row in changes.iter_rows(named=True)
    )
    return (
        heading
        + f'<table id="changes" class="filterable"><thead><tr>{head}</tr></thead>'
        + f"<tbody>{rows}</tbody></table>"
    )
