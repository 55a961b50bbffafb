"""The report index, ``report.html``: alerts first, then every ring and lone identity.

The report puts alerts first: rings and lone identities ranked together, each
with a one-line reason in plain words and its score split into ties and red
flags, then tables that sort and filter in the page. Like every page it
escapes every case string, loads nothing from the network and gives the same
bytes for the same input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import islice
from typing import Any

import polars as pl

from workbench.case_tables import TableHandle, as_handle
from workbench.flags.registry import FLAGS
from workbench.kinds import RELATIONS
from workbench.rings import ties_within
from workbench.score import score
from workbench.settings import ALERT_THRESHOLD
from workbench.views import graphs, style
from workbench.views.escape import safe_href, text, texts
from workbench.views.graphs import records_of, rows_of
from workbench.views.html import asset, render_document
from workbench.views.pages import cell, maybe_redact, split_bar, split_score
from workbench.views.redact import redact_value
from workbench.views.since import newcomer_band, since_section

# Reasons shown per ring in the index when its one-line reason is not known;
# the ring page lists them all.
TOP_REASONS = 3
#: Kinds of shared value, and red flags, named in a ring's one-line reason: enough
#: to say what holds the ring together and why it is suspect, short enough for one line.
REASON_VALUES = 3
REASON_FLAGS = 3
#: Each red flag's title as it reads inside a sentence ("paid in cryptocurrency").
FLAG_WORDS = {flag.code: style.in_sentence(flag.title) for flag in FLAGS}
#: Flags that restate a tie (a shared account…): a ring's reason names the tie instead.
TIE_FLAGS = frozenset(flag.code for flag in FLAGS if flag.restates_tie)
#: Alerts listed in the band, highest first: a worklist of a few screens even when a
#: large case alerts on hundreds; every alert is also marked in the tables below.
BAND_LIMIT = 50
#: Sortable columns of the report's tables: (header, sorts as a number).
RING_COLUMNS = (
    ("#", True),
    ("Ring", False),
    ("Score", True),
    ("Ties", True),
    ("Red flags", True),
    ("Size", True),
    ("Why", False),
    ("Members and shared values", False),
    ("Disposition", False),
)
LONER_COLUMNS = (
    ("#", True),
    ("Contractor", False),
    ("Name", False),
    ("Risk", True),
    ("Why", False),
    ("Red flags and evidence", False),
    ("Disposition", False),
)


def render_report(
    rings: pl.DataFrame,
    *,
    title: str,
    ring_href: Callable[[str], str] = lambda r: f"rings/{r}.html",
    redact: bool = False,
    run_info: Mapping[str, str] = {},  # noqa: B006 - read only, never mutated
    loners: pl.DataFrame | None = None,
    alert_threshold: float = ALERT_THRESHOLD,
    newcomers: pl.DataFrame | None = None,
    changes: pl.DataFrame | None = None,
    previous_run: int | None = None,
) -> str:
    """The index page: an alert band, then every ring and lone identity in tables to sort, search.

    The band at the top ranks alerted rings and alerted lone identities
    together by score (`alert_band`), each with a one-line reason and its
    score split into ties and red flags. Below, a table holds every ring
    (alerts marked, the rest muted) and another one row per lone identity at
    risk. A search box filters the band and the tables by any text shown
    (ids, names, shared values, evidence); a header click sorts a table. Both
    run in the page from one inlined script allowed by its hash.

    Parameters
    ----------
    rings : one row per ring: ring_id, ring_size, ring_score, reasons
        (``"; "``-separated), disposition (may be null); with the columns of
        `ring_digest` (tie_score, line, people, values) when known.
    title : page heading.
    ring_href : relative link to a ring's page; absolute or ``javascript:`` targets
        are replaced by ``#``.
    redact : mask e-mails, phones and accounts inside reasons, names and
        evidence, and each shared value as its kind says.
    run_info : key/value facts about the run shown at the top (sorted by key).
    loners : identities at risk outside any ring, one row per red flag (see
        `lone_identities`); shown one row per identity.
    alert_threshold : a ring or lone identity scoring at least this is an alert.
    newcomers : confirmed or benign rings that new members joined (see
        `workbench.views.since.newcomer_band`); listed first, above every other alert.
    changes : what changed since the case's previous run (`workbench.changes`),
        shown as "Since last run" below the alerts; no such section when None.
    previous_run : the number of the remembered run ``changes`` compares with;
        None on a case's first run.

    Returns
    -------
    The HTML document as text.

    Examples
    --------
    >>> rings = pl.DataFrame({"ring_id": ["R1"], "ring_size": [3], "ring_score": [81.5],
    ...     "reasons": ["shared account; shared address"], "disposition": [None]})
    >>> page = render_report(rings, title="Case 7")
    >>> 'href="rings/R1.html"' in page and "81.5" in page and 'id="alerts"' in page
    True
    """
    shown = _ring_rows(rings, redact)
    lone = lone_identities(_masked_flags(loners, redact)) if loners is not None else None
    details: dict[tuple[str, str], str] = {
        ("ring", ring_id): _ring_details(people, values)
        for ring_id, people, values in rows_of(shown, ("ring_id", "people", "values"))
    }
    flag_lists = {} if lone is None else _flag_lists(lone)
    for contractor_id, flags in [] if lone is None else rows_of(lone, ("contractor_id", "flags")):
        details["identity", contractor_id] = (
            f"<details><summary>{len(flags)} red flags and their evidence</summary>"
            f"{flag_lists[contractor_id]}</details>"
        )
    band = alert_band(shown, lone if lone is not None else _NO_LONERS, threshold=alert_threshold)
    info = "".join(
        f"<tr><th>{text(k)}</th><td>{text(v)}</td></tr>" for k, v in sorted(run_info.items())
    )
    body = (
        f"<h1>{text(title)}</h1>"
        + (f'<table class="run-info">{info}</table>' if info else "")
        + asset("report_tools.html")
        + ("" if newcomers is None else newcomer_band(newcomers, ring_href, redact=redact))
        + _band_section(band, details, ring_href, alert_threshold)
        + ("" if changes is None else since_section(changes, previous_run))
        + _rings_section(shown, details, ring_href, alert_threshold)
        + ("" if lone is None else _loner_section(lone, flag_lists))
    )
    return render_document(title=title, body=body, scripts=(asset("report.js"),))


#: No lone identity, as `lone_identities` returns them.
_NO_LONERS = pl.DataFrame(
    schema={"contractor_id": pl.String, "full_name": pl.String, "risk_score": pl.Float64}
).with_columns(line=pl.lit(None, pl.String))


def ring_digest(
    members: pl.DataFrame,
    links: pl.DataFrame,
    flags: pl.DataFrame,
    sightings: pl.DataFrame | TableHandle,
) -> pl.DataFrame:
    """What the report shows of every ring beside its score, in one pass over all rings.

    Parameters
    ----------
    members : ring_id, contractor_id (see `workbench.rings.group_rings`).
    links : every tie: contractor_a, contractor_b, kind, value, weight.
    flags : every red flag raised: contractor_id, code, weight, evidence.
    sightings : the observations (contractor_id, kind, value, raw, seen_at), at
        least the members': a frame, or a `TableHandle` of which only the
        members' rows are read.

    Returns
    -------
    One row per ring: ring_id; tie_score, the score of its ties alone (the
    ties part of `split_score`, as `RingView.tie_score` computes it); line,
    its one-line reason (`reason_line`); people, the sorted member ids;
    values, every spelling of each value two or more members share, with the
    kind to mask it as.

    Examples
    --------
    >>> members = pl.DataFrame({"ring_id": ["R1", "R1"], "contractor_id": ["a", "b"]})
    >>> links = pl.DataFrame({"contractor_a": ["a"], "contractor_b": ["b"],
    ...     "kind": ["phone"], "value": ["+14155550134"], "weight": [0.85]})
    >>> flags = pl.DataFrame({"contractor_id": ["a"], "code": ["VIDEO_DECLINED"],
    ...     "weight": [0.2], "evidence": ["declined"]})
    >>> sightings = pl.DataFrame({"contractor_id": ["a", "b"], "kind": ["phone"] * 2,
    ...     "value": ["+14155550134"] * 2, "raw": ["(415) 555-0134"] * 2, "seen_at": [None] * 2})
    >>> ring_digest(members, links, flags, sightings).select("tie_score", "line").row(0)
    (29.8, '2 identities share a phone; video declined or camera off (1 of 2)')
    """
    in_rings = (
        as_handle(sightings).rows_of(members["contractor_id"]).join(members, on="contractor_id")
    )
    shared = graphs.shared_values_per_ring(ties_within(members, links), in_rings)
    alone = score(members["contractor_id"], members, links, flags.clear()).rings
    counts = (
        alone.select("ring_id", "ring_size")
        .join(_value_counts(shared), on="ring_id", how="left")
        .join(_flag_counts(members, flags), on="ring_id", how="left")
    )
    lines = {
        row["ring_id"]: reason_line(
            row["ring_size"], _pairs(row["values"]), _pairs(row["relations"]), _pairs(row["flags"])
        )
        for row in counts.iter_rows(named=True)
    }
    values = shared.filter(~pl.col("kind").is_in(list(RELATIONS)))
    return (
        alone.select("ring_id", tie_score="ring_score")
        .with_columns(line=pl.col("ring_id").replace_strict(lines, return_dtype=pl.String))
        .join(
            members.group_by("ring_id").agg(people=pl.col("contractor_id").sort()),
            on="ring_id",
            how="left",
        )
        .join(
            values.group_by("ring_id").agg(
                pl.col("written")
                .list.explode(keep_nulls=False, empty_as_null=False)
                .unique(maintain_order=True)
            ),
            on="ring_id",
            how="left",
        )
        .rename({"written": "values"})
        .sort("ring_id")
    )


def _value_counts(shared: pl.DataFrame) -> pl.DataFrame:
    """Per ring, strongest first: values shared per kind (or account type), relations per kind."""
    typed = pl.concat_str("kind", pl.lit(":"), pl.col("value").str.extract(r"^([a-z]+):"))
    per_key = (
        shared.with_columns(
            key=pl.when(typed.is_in(list(style.VALUE_NOUNS))).then(typed).otherwise("kind"),
            relation=pl.col("kind").is_in(list(RELATIONS)),
        )
        .group_by("ring_id", "relation", "key")
        .agg(pl.len().alias("n"), pl.col("weight").max())
        .sort(["weight", "n", "key"], descending=[True, True, False])
    )
    pair = pl.struct("key", "n")
    return per_key.group_by("ring_id", maintain_order=True).agg(
        values=pair.filter(~pl.col("relation")), relations=pair.filter(pl.col("relation"))
    )


def _flag_counts(members: pl.DataFrame, flags: pl.DataFrame) -> pl.DataFrame:
    """Per ring, the members' own red flags (none restating a tie), most carried first."""
    return (
        members.join(flags.filter(~pl.col("code").is_in(list(TIE_FLAGS))), on="contractor_id")
        .group_by("ring_id", "code")
        .agg(pl.col("contractor_id").n_unique().alias("n"), pl.col("weight").max())
        .sort(["n", "weight", "code"], descending=[True, True, False])
        .group_by("ring_id", maintain_order=True)
        .agg(flags=pl.struct(key="code", n="n"))
    )


def _pairs(items: Sequence[Mapping[str, Any]] | None) -> list[tuple[str, int]]:
    return [(item["key"], item["n"]) for item in items or ()]


def reason_line(
    size: int,
    values: Sequence[tuple[str, int]],
    relations: Sequence[tuple[str, int]],
    flags: Sequence[tuple[str, int]],
) -> str:
    """A ring's one-line reason in plain words: what its members share, then their red flags.

    Parameters
    ----------
    size : members in the ring.
    values : (key, count) per kind of value shared, strongest first; the key
        is a kind or ``kind:type`` (see `workbench.views.style.counted`).
    relations : (kind, count) per kind of relation between members.
    flags : (code, members carrying it) per red flag, most carried first.

    Returns
    -------
    The line; at most `REASON_VALUES` kinds of value and `REASON_FLAGS` flags
    are named.

    Examples
    --------
    >>> reason_line(8, [("payment_account:crypto", 2), ("address", 1)], [("referral", 3)],
    ...             [("VIDEO_DECLINED", 6), ("CRYPTO_PAYMENT", 5)])
    '8 identities share 2 wallets and an address, linked by 3 referrals; video declined or \
camera off (6 of 8), paid in cryptocurrency (5 of 8)'
    >>> reason_line(3, [], [], [])
    '3 identities'
    """
    named = [style.counted(key, n) for key, n in values[:REASON_VALUES]]
    others = sum(n for _, n in values[REASON_VALUES:])
    if others:
        named.append(f"{others} other {'value' if others == 1 else 'values'}")
    line = f"{size} identities" + (f" share {_and(named)}" if named else "")
    if relations:
        line += f", linked by {_and([style.counted(kind, n) for kind, n in relations])}"
    raised = [f"{FLAG_WORDS.get(code, code)} ({n} of {size})" for code, n in flags[:REASON_FLAGS]]
    return f"{line}; {', '.join(raised)}" if raised else line


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def lone_identities(loners: pl.DataFrame) -> pl.DataFrame:
    """One row per identity at risk outside any ring, its red flags listed within the row.

    Parameters
    ----------
    loners : one row per red flag: contractor_id, full_name, risk_score,
        disposition, code, evidence, weight.

    Returns
    -------
    contractor_id, full_name, risk_score, disposition, flags (code, title and
    evidence of each, strongest first) and line (their titles in words);
    riskiest first.

    Examples
    --------
    >>> loners = pl.DataFrame({"contractor_id": ["c1", "c1", "c2"], "full_name": ["A", "A", "B"],
    ...     "risk_score": [76.0, 76.0, 52.0], "disposition": [None] * 3,
    ...     "code": ["VPN_HEAVY", "HIGH_RISK_GEO", "VOIP_PHONE"], "weight": [0.2, 0.6, 0.2],
    ...     "evidence": ["5 of 10 logins via VPN", "2 logins from KP", "VoIP number +4930"]})
    >>> lone_identities(loners).select("contractor_id", "line").rows()
    [('c1', 'logins from DPRK, mostly through VPN'), ('c2', 'VoIP phone number')]
    """
    words = pl.col("code").replace_strict(FLAG_WORDS, default=pl.col("code"))
    return (
        loners.sort(["weight", "code"], descending=[True, False])
        .group_by("contractor_id", maintain_order=True)
        .agg(
            pl.col("full_name", "risk_score", "disposition").first(),
            flags=pl.struct("code", "evidence", title=words),
            line=words.str.join(", "),
        )
        .sort(["risk_score", "contractor_id"], descending=[True, False])
    )


def alert_band(rings: pl.DataFrame, loners: pl.DataFrame, *, threshold: float) -> pl.DataFrame:
    """Alerted rings and alerted lone identities in one ranking, highest score first.

    Parameters
    ----------
    rings : ring_id, ring_size, ring_score, ties and flags (the parts of the
        score; ties null when not known), line.
    loners : contractor_id, full_name, risk_score, line (see `lone_identities`).
    threshold : the alert threshold; lower scores are left out.

    Returns
    -------
    kind ("ring" or "identity"), id, name, score, ties, flags, line. A lone
    identity's score is all red flags: it has no ties.

    Examples
    --------
    >>> rings = pl.DataFrame({"ring_id": ["R1", "R2"], "ring_size": [8, 2],
    ...     "ring_score": [60.0, 40.0], "ties": [30.0, 20.0], "flags": [30.0, 20.0],
    ...     "line": ["8 identities", "2 identities"]})
    >>> loners = pl.DataFrame({"contractor_id": ["c1"], "full_name": ["A"],
    ...     "risk_score": [76.0], "line": ["logins from DPRK"]})
    >>> alert_band(rings, loners, threshold=50).select("kind", "id", "ties").rows()
    [('identity', 'c1', 0.0), ('ring', 'R1', 30.0)]
    """
    ring_side = rings.select(
        kind=pl.lit("ring"),
        id="ring_id",
        name=pl.format("ring of {} identities", "ring_size"),
        score="ring_score",
        ties=pl.col("ties").cast(pl.Float64),
        flags=pl.col("flags").cast(pl.Float64),
        line="line",
    )
    loner_side = loners.select(
        kind=pl.lit("identity"),
        id="contractor_id",
        name=pl.concat_str(pl.lit("lone identity "), pl.col("full_name").fill_null("")),
        score="risk_score",
        ties=pl.lit(0.0),
        flags="risk_score",
        line="line",
    )
    return (
        pl.concat([ring_side, loner_side])
        .filter(pl.col("score") >= threshold)
        .sort(["score", "kind", "id"], descending=[True, False, False])
    )


def _ring_rows(rings: pl.DataFrame, redact: bool) -> pl.DataFrame:
    """The rings as the report lists them: ranked, score split, reason and values masked."""
    optional = {
        "tie_score": pl.lit(None, pl.Float64),
        "line": pl.lit(None, pl.String),
        "people": pl.lit([], pl.List(pl.String)),
        "values": pl.lit([], graphs.SHARED_SCHEMA["written"]),
    }
    ranked = rings.with_columns(
        value.alias(name) for name, value in optional.items() if name not in rings.columns
    ).sort(["ring_score", "ring_size", "ring_id"], descending=[True, True, False])
    read = ("line", "reasons", "values", "tie_score", "ring_score")
    shown = [
        _shown_ring(line, reasons, written, tie_score, ring_score, redact)
        for line, reasons, written, tie_score, ring_score in rows_of(ranked, read)
    ]
    # Built column by column: polars reads a list of rows holding lists slowly.
    columns = list(zip(*shown, strict=True)) or [()] * len(_SHOWN_RING)
    frame = pl.DataFrame(
        [
            pl.Series(name, values, dtype=dtype)
            for (name, dtype), values in zip(_SHOWN_RING.items(), columns, strict=True)
        ]
    )
    return ranked.drop("line", "values").hstack(frame)


#: What the report shows of a ring beyond its row of ``ring_scores``.
_SHOWN_RING: dict[str, pl.DataType] = {
    "line": pl.String(),
    "values": pl.List(pl.String()),
    "ties": pl.Float64(),
    "flags": pl.Float64(),
}


def _shown_ring(
    line: str | None,
    reasons: str | None,
    written: Sequence[Mapping[str, str]] | None,
    tie_score: float | None,
    ring_score: float,
    redact: bool,
) -> tuple[Any, ...]:
    """A ring's reason, shared values (masked when redacting) and score parts (when known)."""
    shown = maybe_redact(line or _top_reasons(reasons), redact)
    values = [redact_value(v["kind"], v["text"]) if redact else v["text"] for v in written or ()]
    if tie_score is None:
        return shown, values, None, None
    return shown, values, *split_score(ring_score, tie_score)


def _top_reasons(reasons: str | None) -> str:
    return "; ".join([r for r in str(reasons or "").split("; ") if r][:TOP_REASONS])


def _masked_flags(loners: pl.DataFrame, redact: bool) -> pl.DataFrame:
    """Lone identities' rows with names and evidence masked when redacting."""
    if not redact:
        return loners
    return loners.with_columns(
        pl.Series(name, [maybe_redact(cell(v), True) for v in loners[name]], dtype=pl.String)
        for name in ("full_name", "evidence")
    )


def _band_section(
    band: pl.DataFrame,
    details: Mapping[tuple[str, str], str],
    ring_href: Callable[[str], str],
    threshold: float,
) -> str:
    rings = band.filter(pl.col("kind") == "ring").height
    heading = (
        f"<h2>Alerts ({band.height}: {rings} rings, {band.height - rings} lone identities; "
        f"score {threshold:g} or more)</h2>"
    )
    if band.is_empty():
        return heading + '<p class="muted">No alerts.</p>'
    key = (
        '<p class="muted score-legend"><span><span class="swatch ties"></span>ties</span> + '
        '<span><span class="swatch flags"></span>red flags</span> = score, out of 100 '
        "(a lone identity has no ties)</p>"
    )
    items = "".join(
        _band_item(rank, row, details[row["kind"], row["id"]], ring_href)
        for rank, row in enumerate(band.head(BAND_LIMIT).iter_rows(named=True), start=1)
    )
    more = band.height - BAND_LIMIT
    note = f'<p class="muted">{more} more alerts are marked in the tables below.</p>'
    return heading + key + f'<ol id="alerts" class="band">{items}</ol>' + (note if more > 0 else "")


def _band_item(
    rank: int, row: Mapping[str, Any], details: str, ring_href: Callable[[str], str]
) -> str:
    name = f'<strong class="band-id">{text(row["id"])}</strong>'
    if row["kind"] == "ring":
        name = f'<a class="band-id" href="{safe_href(ring_href(row["id"]))}">{text(row["id"])}</a>'
    return (
        f'<li class="band-item alert" data-kind="{row["kind"]}">'
        f'<div class="band-head"><span class="band-rank">{rank}</span>{name}'
        f'<span class="band-what">{text(row["name"])}</span>'
        f'<strong class="band-score">{row["score"]:.1f}</strong></div>'
        + split_bar(row["score"], row["ties"], row["flags"])
        + f'<p class="band-reason">{text(row["line"])}</p>{details}</li>'
    )


def _rings_section(
    rings: pl.DataFrame,
    details: Mapping[tuple[str, str], str],
    ring_href: Callable[[str], str],
    threshold: float,
) -> str:
    rows = []
    for rank, ring in enumerate(records_of(rings, _RING_ROW), start=1):
        href = safe_href(ring_href(ring["ring_id"]))
        rows.append(
            f'<tr class="{"alert" if ring["ring_score"] >= threshold else "calm"}">'
            + _num(rank)
            + f'<td><a href="{href}">{text(ring["ring_id"])}</a></td>'
            + _num(
                ring["ring_score"],
                split_bar(ring["ring_score"], ring["ties"], ring["flags"], "mini"),
            )
            + _num(ring["ties"])
            + _num(ring["flags"])
            + _num(ring["ring_size"])
            + f"<td>{text(ring['line'])}</td><td>{details['ring', ring['ring_id']]}</td>"
            + f"<td>{text(cell(ring.get('disposition')))}</td></tr>"
        )
    alerts = rings.filter(pl.col("ring_score") >= threshold).height
    return (
        f"<h2>Rings ({rings.height}; {alerts} alerts)</h2>"
        + _sortable("rings", RING_COLUMNS, rows)
        + ("" if rows else '<p class="muted">No rings found.</p>')
    )


#: The columns of a ring's row in the rings table (disposition where known).
_RING_ROW = ("ring_id", "ring_score", "ties", "flags", "ring_size", "line", "disposition")


def _loner_section(lone: pl.DataFrame, flag_lists: Mapping[str, str]) -> str:
    read = ("contractor_id", "full_name", "risk_score", "line", "disposition")
    rows = [
        '<tr class="alert">'
        + _num(rank)
        + f"<td>{text(contractor_id)}</td><td>{text(cell(name))}</td>"
        + _num(risk, split_bar(risk, 0.0, risk, "mini"))
        + f"<td>{text(line)}</td><td>{flag_lists[contractor_id]}</td>"
        + f"<td>{text(cell(disposition))}</td></tr>"
        for rank, (contractor_id, name, risk, line, disposition) in enumerate(
            rows_of(lone, read), start=1
        )
    ]
    return (
        f"<h2>Identities at risk outside rings ({lone.height})</h2>"
        + '<div id="loners">'
        + (_sortable("loner-table", LONER_COLUMNS, rows) if rows else '<p class="muted">None.</p>')
        + "</div>"
    )


def _sortable(table_id: str, columns: Sequence[tuple[str, bool]], rows: Sequence[str]) -> str:
    """A table whose headers sort it in the page (``report.js``); the search filters its rows."""
    head = "".join(
        f'<th aria-sort="none"{" data-numeric" if numeric else ""}>'
        f'<button type="button" class="sort">{text(name)}</button></th>'
        for name, numeric in columns
    )
    return (
        f'<table id="{table_id}" class="sortable filterable"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _num(value: float | None, before: str = "") -> str:
    if value is None:
        return '<td class="num"></td>'
    # A number's text is digits, a sign and a point: nothing to escape.
    return f'<td class="num" data-sort="{value:g}">{before}{cell(value)}</td>'


def _ring_details(people: Sequence[str] | None, values: Sequence[str | None] | None) -> str:
    """A ring's members and shared values, folded: read on demand and matched by the search."""
    if not people and not values:
        return ""
    ids, *shown = texts([", ".join(people or ()), *(value or "" for value in values or ())])
    return (
        f"<details><summary>{len(people or ())} members and the values they share</summary>"
        f'<p class="ids">{ids}</p><ul class="values">'
        + "".join(f"<li>{value}</li>" for value in shown)
        + "</ul></details>"
    )


def _flag_lists(lone: pl.DataFrame) -> dict[str, str]:
    """Each lone identity's red flags as a list (code, title, evidence), all escaped in one pass."""
    ids, flags = lone["contractor_id"].to_list(), lone["flags"].to_list()
    fields = texts(
        [
            field
            for listed in flags
            for flag in listed
            for field in (flag["code"] or "", flag["title"] or "", cell(flag["evidence"]))
        ]
    )
    items = iter(
        f"<li><code>{code}</code> {title}: {evidence}</li>"
        for code, title, evidence in zip(*[iter(fields)] * 3, strict=True)
    )
    return {
        contractor_id: '<ul class="flag-list">' + "".join(islice(items, len(listed))) + "</ul>"
        for contractor_id, listed in zip(ids, flags, strict=True)
    }
