"""One page per ring (``rings/<ring_id>.html``), and the pieces it shares with the report.

Pages are built from plain polars frames, escape every case string, load
nothing from the network and give the same bytes for the same input. A ring
page shows its score split into ties and red flags, the members and the values
they share as a graph (people tied pair by pair one click away), the members,
one evidence row per shared value, the red flags, a timeline of the members'
events and their logins by day and hour. The report is `workbench.views.report`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
import polars as pl

from workbench.kinds import RELATIONS, kind_for
from workbench.score import LINK_SHARE, SCORE_DIGITS
from workbench.views.escape import safe_href, text, texts
from workbench.views.graphs import rows_of
from workbench.views.heatmap import render_login_heatmap
from workbench.views.html import Drawing, draw, drawing_fragment, render_document
from workbench.views.redact import redact_text, redact_value
from workbench.views.timeline import render_timeline

#: The members table's columns, in order.
MEMBER_COLUMNS = ("contractor_id", "full_name", "country", "risk_score", "flags", "disposition")

#: The ring page's graph views: people and the values they share (the default),
#: and people tied pair by pair.
VALUES_VIEW = "Shared values"
PEOPLE_VIEW = "People"


def cell(value: Any) -> str:
    """A table cell's text: empty for nothing, one decimal for a float, lists joined.

    Examples
    --------
    >>> cell(None), cell(83.25), cell(["a", "b"])
    ('', '83.2', 'a; b')
    """
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    """An HTML table from already-formatted, unescaped cell strings (escaped here), one a header.

    Examples
    --------
    >>> _table(["a"], [["<x>"]], set())
    '<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;x&gt;</td></tr></tbody></table>'
    """
    cells = [c for row in rows for c in row]
    if len(cells) != len(headers) * len(rows):
        raise ValueError("every row of a table needs one cell per header")
    head = "".join(f"<th>{h}</th>" for h in texts(headers))
    row = "".join(
        '<td class="num">{}</td>' if i in numeric else "<td>{}</td>" for i in range(len(headers))
    )
    # One format call fills every row: the cells are arguments, never read as a template.
    body = (f"<tr>{row}</tr>" * len(rows)).format(*texts(cells))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def maybe_redact(value: str, redact: bool) -> str:
    """Free text with every identifier in it masked when ``redact``, else as it is.

    Examples
    --------
    >>> maybe_redact("mail j.doe@proton.me", True) != "mail j.doe@proton.me"
    True
    """
    return redact_text(value) if redact else value


def split_score(ring_score: float, tie_score: float) -> tuple[float, float]:
    """The ring score as two parts that add up to it: what its ties give, what red flags add.

    ``ring_score = 100·(1 − (1 − s·T)·(1 − F)) = 100·s·T + (100 − 100·s·T)·F``
    with s = `LINK_SHARE`. Ties count first: their part is ``100·s·T``, the
    score the ring would have if no member carried a red flag (``tie_score``).
    The members' red flags add their share F of what is left: their part is the
    ring score minus the ties part. Both parts are rounded as the score is.

    Parameters
    ----------
    ring_score : the ring's score (0–100).
    tie_score : the score of the same ring with no red flags (``100·s·T``).

    Returns
    -------
    (ties part, red-flags part), each at least 0, adding up to ``ring_score``.

    Examples
    --------
    >>> split_score(83.3, 27.2)
    (27.2, 56.1)
    >>> split_score(20.0, 20.0)
    (20.0, 0.0)
    """
    ties = round(min(max(tie_score, 0.0), ring_score), SCORE_DIGITS)
    return ties, round(ring_score - ties, SCORE_DIGITS)


def score_bar(ring_score: float, tie_score: float) -> str:
    """The score breakdown: a bar whose two parts add up to the ring score, the numbers, the rule.

    Examples
    --------
    >>> bar = score_bar(83.3, 27.2)
    >>> 'data-points="27.2"' in bar and 'data-points="56.1"' in bar
    True
    """
    ties, flags = split_score(ring_score, tie_score)
    share = f"{100 * LINK_SHARE:g}"
    rule = (
        f"ring score = 100·(1 − (1 − {LINK_SHARE:g}·T)·(1 − F)) = {share}·T + (100 − {share}·T)·F, "
        "where T (0–1) combines the strongest tie of each kind inside the ring and F (0–1) is "
        "the members' mean red-flag risk (flags that only restate a tie left out). Ties count "
        "first: their part is "
        f"{share}·T, the score the ring would have if no member carried a red flag (at most "
        f"{share}). The red flags add their share F of what is left: their part is the ring "
        "score minus the ties part."
    )
    return (
        '<div id="score-breakdown">'
        + split_bar(ring_score, ties, flags)
        + '<p class="score-legend"><span><span class="swatch ties"></span>Ties '
        f'<strong id="score-ties">{ties:.1f}</strong></span> + <span><span class="swatch flags">'
        f'</span>Members\' red flags <strong id="score-flags">{flags:.1f}</strong></span> = '
        f'ring score <strong id="score-total">{ring_score:.1f}</strong> of 100</p>'
        f'<p class="score-rule muted">{text(rule)}</p></div>'
    )


def split_bar(total: float, ties: float | None, flags: float | None, size: str = "") -> str:
    """A score as a bar out of 100 in two parts, ties and red flags (one part when not known).

    Examples
    --------
    >>> split_bar(83.3, 27.2, 56.1).count('class="score-part')
    2
    >>> split_bar(60.0, None, None).count("total")
    1
    """
    if ties is None or flags is None:
        label, parts = f"Score {total:.1f} of 100", [("total", "Score", total)]
    else:
        label = f"Score {total:.1f} of 100: {ties:.1f} from ties, {flags:.1f} from red flags"
        parts = [("ties", "Ties", ties), ("flags", "Red flags", flags)]
    spans = "".join(
        f'<span class="score-part {cls}" data-points="{points:.1f}" style="width:{points:.1f}%" '
        f'title="{name}: {points:.1f}"></span>'
        for cls, name, points in parts
    )
    classes = f"score-bar {size}".strip()
    return f'<div class="{classes}" role="img" aria-label="{text(label)}">{spans}</div>'


def _kind_label(kind: str) -> str:
    return RELATIONS[kind].label if kind in RELATIONS else kind_for(kind).label


def _as_written(
    kind: str, value: str, written: Sequence[Mapping[str, str]] | None, redact: bool
) -> str:
    """Every spelling of a shared value, one a line, each masked as its own kind when redacting."""
    spellings = [(w["text"], w["kind"]) for w in written or ()]
    if not spellings:
        spellings = [(value, kind)]
    shown = (
        redact_value(as_kind, spelling) if redact else spelling for spelling, as_kind in spellings
    )
    return "\n".join(dict.fromkeys(shown))


def _evidence_rows(shared: pl.DataFrame, redact: bool) -> list[list[str]]:
    columns = ("kind", "value", "written", "members", "since", "weight")
    return [
        [
            _kind_label(kind),
            _as_written(kind, value, written, redact),
            ", ".join(members),
            since.date().isoformat() if since else "",
            f"{float(weight or 0):.2f}",
        ]
        for kind, value, written, members, since, weight in rows_of(shared, columns)
    ]


def render_ring_page(
    *,
    ring_id: str,
    ring_score: float,
    tie_score: float,
    reasons: list[str],
    members: pl.DataFrame,
    evidence: pl.DataFrame,
    timeline: pl.DataFrame,
    login_heat: pl.DataFrame,
    graph: nx.Graph | None = None,
    people_graph: nx.Graph | None = None,
    drawing: Drawing | None = None,
    redact: bool = False,
    report_href: str | None = None,
    red_flags: pl.DataFrame | None = None,
    search_text: Mapping[str, str] | None = None,
    assets_href: str | None = None,
) -> str:
    """One ring's page: score breakdown, graph, reasons, members, evidence, red flags, timeline
    and logins by day and hour.

    Parameters
    ----------
    ring_id, ring_score, reasons : the ring and why it scored.
    tie_score : the score the ring's ties give alone (see `split_score`).
    graph : the members and the values they share (`VALUES_VIEW`), with
        `render_graph_html` conventions; drawn here unless ``drawing`` is given.
    members : contractor_id, full_name, country, risk_score, flags, disposition.
    evidence : one row per shared value or relation: kind, value, written,
        members, since, weight (see `workbench.views.graphs.shared_values`).
    timeline : at, contractor_id, event, detail, related_id: the members' dated
        events (see `workbench.timeline.timeline`).
    login_heat : weekday (1 = Monday), hour (0–23 UTC), logins: the members'
        logins (see `workbench.timeline.login_heat`).
    people_graph : the members tied pair by pair (`PEOPLE_VIEW`), offered as a
        second view when given.
    drawing : the page's views already drawn (`ring_views` through
        `workbench.views.html.draw`), as `workbench.views.ring_pages.ring_pages`
        draws many rings' at once; ``graph`` and ``people_graph`` are then not read.
    redact : mask e-mails, phones, accounts and addresses everywhere on the page.
    report_href : relative link back to the index; none when None (a page on its own).
    red_flags : contractor_id, code, evidence: every red flag the members carry.
    search_text : each member's graph node and every identifier they hold
        (`workbench.views.find.member_search_text`), so that the page's search
        finds a member by any of them, as written or normalised. Left off a
        redacted page, which must not carry them.
    assets_href : the folder of the shared scripts, relative to the page; None
        makes the page self-contained (see `workbench.views.html.render_document`).

    Returns
    -------
    The HTML document as text.

    Examples
    --------
    >>> members = pl.DataFrame({"contractor_id": ["c1"], "full_name": ["<i>A</i>"],
    ...     "country": ["US"], "risk_score": [70.0], "flags": ["vpn"], "disposition": [None]})
    >>> evidence = pl.DataFrame({"kind": ["email"], "value": ["a@b.com"],
    ...     "written": [[{"text": "A@b.com", "kind": "email"}]], "members": [["c1", "c2"]],
    ...     "since": [None], "weight": [0.9]})
    >>> from workbench.timeline import EVENT_SCHEMA
    >>> events = pl.DataFrame(schema=EVENT_SCHEMA)
    >>> heat = pl.DataFrame({"weekday": [1], "hour": [3], "logins": [5]})
    >>> page = render_ring_page(ring_id="R1", ring_score=77.0, tie_score=33.3, reasons=["x"],
    ...     graph=nx.Graph(), members=members, evidence=evidence, timeline=events,
    ...     login_heat=heat)
    >>> "&lt;i&gt;A&lt;/i&gt;" in page, "<td>A@b.com</td>" in page, "Hour of day (UTC)" in page
    (True, True, True)
    """
    title = f"Ring {ring_id}"
    member_rows = [
        [
            cell(cid),
            maybe_redact(cell(name), redact),
            cell(country),
            cell(risk),
            cell(flags),
            cell(disposition),
        ]
        for cid, name, country, risk, flags, disposition in sorted(
            rows_of(members, MEMBER_COLUMNS), key=_riskiest_first
        )
    ]
    if drawing is None:
        if graph is None:
            raise TypeError("a ring page needs its graph or its drawing")
        drawing = draw(ring_views(graph, people_graph))
    fragment = drawing_fragment(
        drawing,
        title="Graph",
        redact=redact,
        subtitle=_graph_subtitle(members.height, evidence, len(drawing.views) > 1),
        search_text=search_text,
    )
    back_link = (
        f'<p><a href="{safe_href(report_href)}">&larr; All rings</a></p>' if report_href else ""
    )
    # Joined once: adding each part to the whole so far would copy the page over and over.
    body = "".join(
        [
            back_link,
            f"<h1>{text(title)}</h1><p>Score <strong>{ring_score:.1f}</strong> · "
            f"{members.height} members</p><h2>Score</h2>",
            score_bar(ring_score, tie_score),
            '<h2>Reasons</h2><ul id="reasons">',
            "".join(f"<li>{text(maybe_redact(r, redact))}</li>" for r in reasons),
            "</ul>",
            fragment.body,
            '<h2>Members</h2><div id="members">',
            _table(
                ["Contractor", "Name", "Country", "Risk", "Flags", "Disposition"], member_rows, {3}
            ),
            f"</div><h2>Evidence: what the members share ({evidence.height})</h2>",
            '<div id="evidence">',
            _table(
                ["Kind", "Value as written", "Shared by", "Since", "Weight"],
                _evidence_rows(evidence, redact),
                {3, 4},
            ),
            "</div>",
            _red_flag_section(red_flags, redact),
            "<h2>Timeline</h2>",
            render_timeline(_masked_details(timeline, redact)),
            "<h2>Logins by day and hour (UTC)</h2>",
            render_login_heatmap(login_heat),
        ]
    )
    return render_document(
        title=title,
        body=body,
        scripts=fragment.scripts,
        libraries=fragment.libraries,
        assets_href=assets_href,
    )


def ring_views(graph: nx.Graph, people_graph: nx.Graph | None) -> dict[str, nx.Graph]:
    """A ring page's graph views by name: the values its members share, then, when
    it has any node, the members tied pair by pair.

    Examples
    --------
    >>> list(ring_views(nx.Graph(), nx.path_graph(2))), list(ring_views(nx.Graph(), nx.Graph()))
    (['Shared values', 'People'], ['Shared values'])
    """
    return {VALUES_VIEW: graph} | ({PEOPLE_VIEW: people_graph} if people_graph else {})


def _riskiest_first(member: Sequence[Any]) -> tuple[bool, float, str]:
    """Members (rows of `MEMBER_COLUMNS`) by risk, highest first (unknown last), then by id."""
    risk = member[3]
    return risk is None, -(risk or 0.0), member[0]


def _by_member_and_code(flag: Sequence[Any]) -> tuple[str, str]:
    return flag[0], flag[1]


def _masked_details(events: pl.DataFrame, redact: bool) -> pl.DataFrame:
    """The timeline with every identifier in its details masked when ``redact``."""
    if not redact:
        return events
    return events.with_columns(
        detail=pl.Series([maybe_redact(d, redact) for d in events["detail"]], dtype=pl.String)
    )


def _graph_subtitle(people: int, evidence: pl.DataFrame, two_views: bool) -> str:
    relations = sum(kind in RELATIONS for kind in evidence["kind"].to_list())
    counts = f"{people} people, {evidence.height - relations} shared values, {relations} relations."
    if not two_views:
        return counts
    return (
        f"{counts} {VALUES_VIEW}: each person linked to the values they share; "
        f"{PEOPLE_VIEW}: one line per tie between two people."
    )


def _red_flag_section(red_flags: pl.DataFrame | None, redact: bool) -> str:
    """The members' red flags with the evidence each one cites, as an escaped table."""
    if red_flags is None:
        return ""
    flagged = rows_of(red_flags, ("contractor_id", "code", "evidence"))
    rows = [
        [cell(cid), cell(code), maybe_redact(cell(evidence), redact)]
        for cid, code, evidence in sorted(flagged, key=_by_member_and_code)
    ]
    table = _table(["Contractor", "Flag", "Evidence"], rows, set())
    return f'<h2>Red flags</h2><div id="red-flags">{table}</div>'
