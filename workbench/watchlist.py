"""Watchlists: values known to be bad, found in a case whatever their spelling.

A watchlist is a table of ``kind``, ``value``, ``source``, ``note`` and
``last_seen`` (see docs/case_folder.md): a public sanctions list's wallets,
another company's confirmed ring, last quarter's case. Each value is
normalised by its kind's normaliser, as the case's own identifiers are, so
``(415) 555-0134`` finds ``+1 415 555 0134`` and ``TRC20: T…`` finds ``T…``.

`hits` matches a watchlist against a case's observations (the
``WATCHLIST_HIT`` red flag reads it); `sweep` checks several case folders at
once. `workbench.export.watchlist` makes a watchlist from rings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import polars as pl

from workbench.case import Case, load_case
from workbench.coerce import DTYPES, coerce
from workbench.errors import CaseError
from workbench.kinds import KINDS, Kind, kind_for
from workbench.observe import observe
from workbench.readers import SUFFIXES, read_table_file
from workbench.tables import ROW, TABLES

#: A watchlist's columns and types, as `workbench.tables.TABLES` declares them.
WATCHLIST_SCHEMA = pl.Schema({c.name: DTYPES[c.type] for c in TABLES["watchlist"].columns})

#: Columns of `hits`: the sighting, and the watchlist row it matched.
HIT_COLUMNS = (
    "contractor_id",
    "kind",
    "value",
    "raw",
    "source",
    ROW,
    "listed_by",
    "note",
    "watchlist_row",
)


def canonical_watchlist(watchlist: pl.DataFrame, kinds: Mapping[str, Kind] = KINDS) -> pl.DataFrame:
    """The watchlist's rows with ``canonical``: the value as its kind's normaliser reads it.

    Kinds are read like the identifiers table's (trimmed, lower case); a kind
    the registry does not know is normalised generically. A leading
    apostrophe, which our CSV files and spreadsheets put before a value they
    keep as text (``'+14155550134``), is dropped: no identifier starts with
    one. ``canonical`` is null for a value its kind cannot read (a
    placeholder, a wallet that is not one).

    Examples
    --------
    >>> listed = pl.DataFrame({"kind": [" Phone", "payment_account", "email"],
    ...     "value": ["'+1 (415) 555-0134", "TRC20: TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW", "n/a"]})
    >>> canonical_watchlist(listed)["canonical"].to_list()
    ['+14155550134', 'crypto:TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW', None]
    """
    rows = watchlist.with_columns(
        pl.col("kind").str.strip_chars().str.to_lowercase(),
        raw=pl.col("value").str.strip_chars().str.strip_prefix("'"),
    ).with_row_index("_order")
    parts = [rows.clear().with_columns(canonical=pl.lit(None, pl.String))]
    for (kind,), part in rows.partition_by("kind", as_dict=True).items():
        if kind is None:
            parts.append(part.with_columns(canonical=pl.lit(None, pl.String)))
            continue
        # Derived kinds read their parent's value: a listed /24 is read from itself.
        sightings = part.select(
            "raw", value="raw", region=pl.lit(None, pl.String), method=pl.lit(None, pl.String)
        )
        parts.append(part.with_columns(canonical=kind_for(str(kind), kinds).normalize(sightings)))
    return pl.concat(parts).sort("_order").drop("_order", "raw")


def hits(watchlist: pl.DataFrame, observations: pl.DataFrame) -> pl.DataFrame:
    """Every sighting whose canonical value a watchlist lists under the same kind.

    Parameters
    ----------
    watchlist : kind, value, source, note and `source_row` (a case's watchlist table).
    observations : the case's sightings (`workbench.observe.OBSERVATION_SCHEMA`).

    Returns
    -------
    `HIT_COLUMNS`: the sighting (contractor_id, kind, canonical value, raw
    spelling, source table and row), the watchlist's source (``listed_by``)
    and note, and its row; sorted.

    Examples
    --------
    >>> listed = pl.DataFrame({"kind": ["phone"], "value": ["(415) 555-0134"],
    ...     "source": ["ring R-1"], "note": [None], "source_row": [1]})
    >>> seen = pl.DataFrame({"contractor_id": ["a", "b"], "kind": ["phone", "phone"],
    ...     "value": ["+14155550134", "+12125550188"], "raw": ["+1 415 555 0134", "x"],
    ...     "source": ["contractors"] * 2, "source_row": [3, 4]})
    >>> hits(listed, seen).select("contractor_id", "raw", "listed_by").rows()
    [('a', '+1 415 555 0134', 'ring R-1')]
    """
    listed = (
        canonical_watchlist(watchlist)
        .filter(pl.col("canonical").is_not_null())
        .select(
            "kind",
            value="canonical",
            listed_by=pl.col("source").cast(pl.String),
            note=pl.col("note").cast(pl.String),
            watchlist_row=pl.col(ROW).cast(pl.Int64),
        )
        .unique()
    )
    return (
        observations.join(listed, on=["kind", "value"])
        .select(HIT_COLUMNS)
        .sort("contractor_id", "kind", "value", "raw", "source", ROW, "watchlist_row")
    )


def read_watchlist(path: str | Path) -> pl.DataFrame:
    """Read a watchlist file (csv, parquet or jsonl) with the columns of the case's table.

    Raises
    ------
    CaseError
        A file that is not there or not one of those formats, a missing
        ``kind`` or ``value`` column, or a row without one of them (named
        with its row number).

    Examples
    --------
    >>> import tempfile
    >>> file = Path(tempfile.mkdtemp()) / "list.csv"
    >>> _ = file.write_text("Kind,Value,Source\\nphone,(415) 555-0134,ring R-1\\n")
    >>> read_watchlist(file).select("kind", "value", "source").row(0)
    ('phone', '(415) 555-0134', 'ring R-1')
    """
    file = Path(path)
    if file.suffix.lower() not in SUFFIXES:
        raise CaseError(f"{file}: a watchlist is a {', '.join(SUFFIXES)} file")
    raw = read_table_file(file, "watchlist")
    for column in TABLES["watchlist"].required:
        if column not in raw.frame.columns:
            raise CaseError(f"{file}: required column '{column}' is missing")
    typed = coerce(raw.frame, TABLES["watchlist"])
    rejects = pl.concat([raw.rejects, typed.rejects])
    if rejects.height:
        first = rejects.sort("row").row(0, named=True)
        raise CaseError(f"{file}: row {first['row']}, column {first['column']}: {first['reason']}")
    return typed.frame


#: Columns of `sweep`'s hits.
SWEEP_COLUMNS = ("case", "contractor_id", "kind", "value", "source")


def sweep(
    watchlist: pl.DataFrame,
    cases: Sequence[str | Path],
    *,
    load: Callable[[str | Path], Case] = load_case,
) -> pl.DataFrame:
    """Check several case folders against one watchlist; every hit, one row each.

    Each case is loaded and observed (not linked or scored), one at a time.

    Parameters
    ----------
    watchlist : kind, value, source, note, `source_row` (see `read_watchlist`).
    cases : case folders.
    load : reads each case folder: `workbench.case.load_case`, or an engine's
        ``load`` (`workbench.engines.bulk`; Spark's also reads the tables a
        case.toml names under ``[sources]``).

    Returns
    -------
    case (the folder as given), contractor_id, kind, value (as written in
    the case), source (the watchlist's), in the order of ``cases``.

    Examples
    --------
    >>> listed = pl.DataFrame({"kind": ["phone"], "value": ["905-592-3325"],
    ...     "source": ["a ring"], "note": [None], "source_row": [1]})
    >>> sweep(listed, ["sample_data/demo_case"]).rows()
    [('sample_data/demo_case', 'C000001', 'phone', '(905) 592-3325', 'a ring')]
    """
    found = [pl.DataFrame(schema={c: pl.String for c in SWEEP_COLUMNS})]
    for case in cases:
        matched = hits(watchlist, observe(load(case)))
        found.append(
            matched.select(
                case=pl.lit(str(case)),
                contractor_id="contractor_id",
                kind="kind",
                value="raw",
                source="listed_by",
            ).unique(maintain_order=True)
        )
    return pl.concat(found)
