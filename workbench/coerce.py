"""Coerce a raw table's columns to the types of its spec, reporting every loss.

A value that cannot be read as its column's type becomes a reject entry
(table, row, column, reason). In a required column the whole row is
rejected; in an optional one the row is kept with the value left empty, and
the reject entry says so, so nothing disappears unreported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import polars as pl

from workbench.booleans import bool_expr
from workbench.readers import REJECT_SCHEMA
from workbench.tables import ROW, Column, ColumnType, TableSpec

DTYPES: dict[ColumnType, pl.DataType] = {
    "str": pl.String(),
    "category": pl.Categorical(),
    "datetime": pl.Datetime("us", "UTC"),
    "date": pl.Date(),
    "float": pl.Float64(),
    "bool": pl.Boolean(),
}

#: The longest slice of an unreadable value quoted back in a reason.
QUOTE_LIMIT = 40


#: Columns of `Coerced.id_changes`: an id as given and the id it was read as (null if none).
ID_CHANGE_SCHEMA = pl.Schema(
    {"table": pl.String, "column": pl.String, "given": pl.String, "id": pl.String}
)

#: Characters that show nothing: zero-width spaces and joiners, byte-order marks,
#: soft hyphens, direction marks (Unicode's format characters, category Cf).
INVISIBLE = r"\p{Cf}"


@dataclass(frozen=True)
class Coerced:
    """A typed table, the rejects its coercion produced, and the ids it changed."""

    frame: pl.DataFrame
    rejects: pl.DataFrame
    id_changes: pl.DataFrame


def empty_table(spec: TableSpec) -> pl.DataFrame:
    """An empty frame with the spec's typed columns and ``source_row``.

    Examples
    --------
    >>> from workbench.tables import TABLES
    >>> empty_table(TABLES["referrals"]).columns
    ['referrer_id', 'contractor_id', 'source_row']
    """
    schema = {c.name: DTYPES[c.type] for c in spec.columns} | {ROW: pl.Int64()}
    return pl.DataFrame(schema=schema)


def coerce(raw: pl.DataFrame, spec: TableSpec) -> Coerced:
    """Type every contract column of ``raw``; add absent ones as empty.

    Parameters
    ----------
    raw : a table as read (any dtypes), with ``source_row``.
    spec : the table's spec.

    Returns
    -------
    Coerced with the typed frame (contract columns in contract order, then
    ``source_row``), rejects for unreadable or missing required values, and
    the contractor ids (`TableSpec.id_columns`) that `canonical_ids` changed
    beyond trimming spaces.

    Examples
    --------
    >>> from workbench.tables import TABLES
    >>> raw = pl.DataFrame({"contractor_id": ["c1", "c2"], "ts": ["2025-01-02T09:00+09:00", "soon"],
    ...                     "source_row": [1, 2]})
    >>> out = coerce(raw, TABLES["logins"])
    >>> out.frame["ts"].to_list()
    [datetime.datetime(2025, 1, 2, 0, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC'))]
    >>> out.rejects.row(0)
    ('logins', 2, 'ts', "unreadable datetime 'soon' (row rejected)")
    """
    clean = _clean_text_columns(raw, spec)
    spellings = {
        k: id_spellings(raw[k]) for k in spec.id_columns if k in raw.columns and k not in clean
    }
    typed = raw.select(
        pl.col(ROW),
        *(
            pl.col(c.name)
            if c.name in clean
            else _respelt(c.name, spellings[c.name])
            if c.name in spellings
            else _typed(c, raw.schema[c.name]).alias(c.name)
            if c.name in raw.columns
            else pl.lit(None, DTYPES[c.type]).alias(c.name)
            for c in spec.columns
        ),
    ).with_columns(in_range(c) for c in spec.columns if c.name in raw.columns)
    supplied = [c for c in spec.columns if c.name in raw.columns]
    rejected_row = pl.repeat(False, raw.height, eager=True)
    problems: list[pl.DataFrame] = []
    for column in sorted(supplied, key=lambda c: not c.required):
        if column.type in ("str", "category"):
            # Text is never unreadable: typed text is null exactly where nothing was given.
            present = typed[column.name].is_not_null()
        else:
            present = _present(raw[column.name])
        unreadable = present & typed[column.name].is_null()
        if column.required:
            problems.append(_reasons(raw, spec, column, ~present, "missing required value"))
            problems.append(_reasons(raw, spec, column, unreadable, "row rejected"))
            rejected_row |= unreadable | ~present
        else:
            kept = unreadable & ~rejected_row
            problems.append(_reasons(raw, spec, column, kept, "row kept, value left empty"))
    usable = typed.filter(~rejected_row) if rejected_row.any() else typed
    frame = usable.select(*spec.names, ROW)
    rejects = pl.concat([pl.DataFrame(schema=REJECT_SCHEMA), *problems])
    return Coerced(frame, rejects, _id_changes(spec, spellings))


def _clean_text_columns(raw: pl.DataFrame, spec: TableSpec) -> set[str]:
    """Text columns with nothing to trim or blank out, which are kept as they are (no copy).

    An id column must also be plain ASCII: anything else may need `canonical_ids`.
    All columns are checked in one parallel pass.
    """
    text = [
        c.name
        for c in spec.columns
        if c.type == "str" and c.name in raw.columns and raw.schema[c.name] == pl.String
    ]
    if not text:
        return set()
    dirty = raw.select(
        pl.col(name)
        .str.contains(r"^\s|\s$|^$|[^\x00-\x7f]" if name in spec.id_columns else r"^\s|\s$|^$")
        .any()
        for name in text
    ).row(0)
    return {name for name, needs_work in zip(text, dirty, strict=True) if not needs_work}


def canonical_ids(ids: pl.Expr) -> pl.Expr:
    """Ids as one identity each: NFC, without invisible characters, trimmed; null if none is left.

    The NFC and NFD spellings of one id (``é`` as one character or as ``e``
    and an accent) and an id with a zero-width space or a byte-order mark
    pasted in are one identity; `INVISIBLE` lists what is removed.

    Examples
    --------
    >>> s = pl.Series(["e\u0301", "\u00e9", " c1\u200b ", "\ufeff", "C1"])
    >>> pl.select(canonical_ids(pl.lit(s))).to_series().to_list()
    ['é', 'é', 'c1', None, 'C1']
    """
    text = ids.cast(pl.String).str.replace_all(INVISIBLE, "").str.normalize("NFC")
    trimmed = text.str.strip_chars()
    return pl.when(trimmed != "").then(trimmed)


def id_spellings(ids: pl.Series) -> pl.DataFrame:
    """Each distinct spelling of an id (``given``) and its `canonical_ids` form (``id``).

    Ids repeat across millions of logins: each spelling is worked on once.

    Examples
    --------
    >>> id_spellings(pl.Series(["c1 ", "c1", "c1 "])).sort("given").rows()
    [('c1', 'c1'), ('c1 ', 'c1')]
    """
    given = ids.cast(pl.String).drop_nulls().unique().alias("given")
    return pl.DataFrame(given).with_columns(canonical_ids(pl.col("given")).alias("id"))


def _respelt(name: str, spellings: pl.DataFrame) -> pl.Expr:
    """Column ``name`` with every spelling replaced by its canonical id."""
    changed = spellings.filter(pl.col("given").ne_missing(pl.col("id")))
    return pl.col(name).cast(pl.String).replace(changed["given"], changed["id"]).alias(name)


def _id_changes(spec: TableSpec, spellings: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The spellings changed beyond trimming spaces: a pasted BOM, an NFD accent…"""
    trimmed = pl.col("given").str.strip_chars()
    changes = [
        frame.filter(pl.when(trimmed != "").then(trimmed).ne_missing(pl.col("id"))).select(
            pl.lit(spec.name).alias("table"), pl.lit(column).alias("column"), "given", "id"
        )
        for column, frame in spellings.items()
    ]
    return pl.concat([pl.DataFrame(schema=ID_CHANGE_SCHEMA), *changes]).sort(pl.all())


def _present(values: pl.Series) -> pl.Series:
    present = values.is_not_null()
    if values.dtype == pl.String:
        present &= values.str.strip_chars() != ""
    return present


def _reasons(
    raw: pl.DataFrame, spec: TableSpec, column: Column, mask: pl.Series, verdict: str
) -> pl.DataFrame:
    """Reject entries for the rows in ``mask``, quoting the value when there is one."""
    if not mask.any():
        return pl.DataFrame(schema=REJECT_SCHEMA)
    quoted = raw[column.name].cast(pl.String).str.slice(0, QUOTE_LIMIT)
    reason = (
        pl.lit(verdict)
        if verdict == "missing required value"
        else pl.format(f"unreadable {column.type} '{{}}' ({verdict})", "value")
    )
    return (
        pl.DataFrame({ROW: raw[ROW], "value": quoted})
        .filter(mask)
        .select(
            pl.lit(spec.name).alias("table"),
            pl.col(ROW).alias("row"),
            pl.lit(column.name).alias("column"),
            reason.alias("reason"),
        )
    )


def _typed(column: Column, source: pl.DataType) -> pl.Expr:
    value = pl.col(column.name)
    if column.type in ("str", "category"):
        text = value.cast(pl.String).str.strip_chars()
        return pl.when(text != "").then(text).cast(DTYPES[column.type])
    if column.type == "datetime":
        return _moments(value, source)
    if column.type == "date":
        return _dates(value, source)
    if column.type == "float":
        return (
            value.cast(pl.Float64) if source.is_numeric() else parse_number(value.cast(pl.String))
        )
    if source == pl.Boolean:
        return value
    return bool_expr(value)


def _moments(value: pl.Expr, source: pl.DataType) -> pl.Expr:
    """UTC moments from a typed column (naive means UTC) or from text."""
    if isinstance(source, pl.Datetime):
        zoned = value.dt.replace_time_zone("UTC") if source.time_zone is None else value
        return zoned.dt.convert_time_zone("UTC").cast(DTYPES["datetime"])
    if source == pl.Date:
        return value.cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
    return value.cast(pl.String).map_batches(parse_datetimes, return_dtype=DTYPES["datetime"])


def _dates(value: pl.Expr, source: pl.DataType) -> pl.Expr:
    """Dates from a typed column (a moment keeps its date) or from text."""
    if isinstance(source, pl.Datetime):
        return value.dt.date()
    if source == pl.Date:
        return value
    return value.cast(pl.String).map_batches(parse_dates, return_dtype=DTYPES["date"])


#: The span of ISO 8601's four-digit years, in UTC. A moment outside it (year 10000,
#: or year 1 pushed into year 0 by its offset) is a typo, and Python cannot hold it.
FIRST_MOMENT = datetime(1, 1, 1, tzinfo=timezone.utc)
LAST_MOMENT = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)


def in_range(column: Column) -> pl.Expr:
    """A typed column's values, null where no real value can be: off the calendar or infinite.

    Moments and dates must fall in the years 0001 to 9999 (`FIRST_MOMENT`,
    `LAST_MOMENT`); numbers must be finite (no amount or duration is NaN or
    infinite, and ``1e309`` reads as infinity). Applied to the typed frame, so
    that a value parsed once is checked once, whatever its source type.

    Examples
    --------
    >>> from workbench.tables import TABLES
    >>> frame = pl.DataFrame({"amount": [12.5, float("nan"), float("-inf")]})
    >>> frame.select(in_range(TABLES["payments"].column("amount")))["amount"].to_list()
    [12.5, None, None]
    """
    value = pl.col(column.name)
    if column.type == "datetime":
        inside = value.is_between(pl.lit(FIRST_MOMENT), pl.lit(LAST_MOMENT))
    elif column.type == "date":
        inside = value.is_between(pl.lit(FIRST_MOMENT.date()), pl.lit(LAST_MOMENT.date()))
    elif column.type == "float":
        inside = value.is_finite()
    else:
        return value
    return pl.when(inside).then(value)


#: What may follow ``YYYY-MM-DDTHH:MM:SS`` in the fast path: a fraction and an offset.
EXACT_TAIL = r"^(?:\.\d{1,9})?(?:[zZ]|[+-]\d{2}:?\d{2})?$"

#: The widest offset from UTC any time zone uses (Kiribati's +14:00): a wider one,
#: like +99:99, is a typo, and reading it would move the moment by days.
MAX_OFFSET_MINUTES = 14 * 60


def _offset_in_range(hours: pl.Expr, minutes: pl.Expr) -> pl.Expr:
    return (minutes < 60) & (hours * 60 + minutes <= MAX_OFFSET_MINUTES)


def exact_iso(text: pl.Expr) -> pl.Expr:
    """Fast reading of full ISO 8601 timestamps (seconds present); null for anything else.

    The date-time part is parsed with one fixed layout and the offset is
    applied arithmetically, which is several times faster than parsing
    ``%z`` on millions of rows.

    Examples
    --------
    >>> s = pl.Series(["2025-03-04T09:12:00+09:00", "2025-03-04 09:12",
    ...                "2025-03-04T09:12:00+99:99"])
    >>> pl.select(exact_iso(pl.lit(s))).to_series().dt.hour().to_list()
    [0, None, None]
    """
    base = pl.concat_str(text.str.slice(0, 10), pl.lit("T"), text.str.slice(11, 8))
    tail = text.str.slice(19)
    micros = tail.str.extract(r"^\.(\d{1,6})").str.pad_end(6, "0").cast(pl.Int64).fill_null(0)
    sign = pl.when(tail.str.contains(r"-\d{2}:?\d{2}$")).then(-1).otherwise(1)
    hours = tail.str.extract(r"[+-](\d{2}):?\d{2}$").cast(pl.Int64).fill_null(0)
    minutes = tail.str.extract(r"[+-]\d{2}:?(\d{2})$").cast(pl.Int64).fill_null(0)
    local = base.str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False, time_unit="us")
    utc = (
        local
        + pl.duration(microseconds=micros)
        - pl.duration(minutes=sign * (hours * 60 + minutes))
    )
    readable = tail.str.contains(EXACT_TAIL) & _offset_in_range(hours, minutes)
    return pl.when(readable).then(utc).dt.replace_time_zone("UTC")


def parse_datetimes(text: pl.Series) -> pl.Series:
    """`parse_datetime` over a Series, reading exact ISO 8601 timestamps the fast way first.

    Examples
    --------
    >>> s = pl.Series(["2025-03-04T09:12:00.5+09:00", "2025-03-04T09:12:00Z", "2025-03-04 09:12"])
    >>> parse_datetimes(s).dt.to_string("%H:%M:%S%.3f").to_list()
    ['00:12:00.500', '09:12:00.000', '09:12:00.000']
    """
    # The streaming engine parses in morsels on every core: a column of 15 M moments
    # takes half the time it takes in one piece, with less CPU.
    fast = pl.LazyFrame({"text": text}).select(exact_iso(pl.col("text")))
    parsed = fast.collect(engine="streaming").to_series()
    pending = pl.arg_where(parsed.is_null() & text.is_not_null(), eager=True)
    if not pending.is_empty():
        lenient = pl.select(parse_datetime(pl.lit(text.gather(pending)))).to_series()
        parsed = parsed.scatter(pending, lenient)
    return parsed.cast(DTYPES["datetime"]).alias(text.name)


def parse_dates(text: pl.Series) -> pl.Series:
    """Dates: ``YYYY-MM-DD`` read directly, anything else as `parse_datetimes` reads it (UTC).

    Examples
    --------
    >>> parse_dates(pl.Series(["2025-03-04", "2025-03-04T23:00-05:00", "soon"])).to_list()
    [datetime.date(2025, 3, 4), datetime.date(2025, 3, 5), None]
    """
    trimmed = pl.col("text").str.strip_chars()
    exact = trimmed.str.contains(r"^\d{4}-\d{2}-\d{2}$")
    fast = pl.when(exact).then(trimmed.str.to_date("%Y-%m-%d", strict=False))
    parsed = pl.DataFrame({"text": text}).select(fast).to_series()
    pending = pl.arg_where(parsed.is_null() & text.is_not_null(), eager=True)
    if not pending.is_empty():
        parsed = parsed.scatter(pending, parse_datetimes(text.gather(pending)).dt.date())
    return parsed.alias(text.name)


#: A decimal comma: "12,5", "-0,75", or with dots between thousands "1.500,25".
DECIMAL_COMMA = r"^-?(?:\d+|\d{1,3}(?:\.\d{3})+),\d{1,2}$"


def parse_number(text: pl.Expr) -> pl.Expr:
    """Numbers as people write them: "1500.5", "1,500.5", and the decimal comma "1.500,5".

    A comma followed by one or two final digits is a decimal comma; any other
    comma separates thousands. Anything else unreadable is null. (``nan`` and
    ``inf`` read as floats; `coerce` leaves them empty, see `in_range`.)

    Examples
    --------
    >>> s = pl.Series(["1,500.5", "1.500,25", "12,5", "1,500", "n/a"])
    >>> pl.select(parse_number(pl.lit(s))).to_series().to_list()
    [1500.5, 1500.25, 12.5, 1500.0, None]
    """
    trimmed = text.str.strip_chars()
    european = trimmed.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    plain = trimmed.str.replace_all(",", "", literal=True)
    chosen = pl.when(trimmed.str.contains(DECIMAL_COMMA)).then(european).otherwise(plain)
    return chosen.cast(pl.Float64, strict=False)


def parse_datetime(text: pl.Expr) -> pl.Expr:
    """ISO 8601 text to UTC datetimes; no offset means UTC, a bare date means midnight.

    Accepts ``T`` or a space between date and time, minutes without seconds,
    fractions, ``Z``, ``UTC`` or ``GMT``, and offsets with or without a colon
    up to `MAX_OFFSET_MINUTES`. Anything else is null.

    Examples
    --------
    >>> s = pl.Series(["2025-03-04 09:12+09:00", "2025-03-04", "2025-03-04T09:12:00Z", "03/04",
    ...                "2025-03-04 09:12:00 UTC", "2025-03-04 09:12+99:99"])
    >>> pl.select(parse_datetime(pl.lit(s))).to_series().dt.to_string("%Y-%m-%d %H:%M").to_list()
    ['2025-03-04 00:12', '2025-03-04 00:00', '2025-03-04 09:12', None, '2025-03-04 09:12', None]
    """
    iso = (
        text.str.strip_chars()
        .str.replace(r"^(\d{4}-\d{2}-\d{2})$", r"${1}T00:00:00")
        .str.replace(r"^(\d{4}-\d{2}-\d{2})[ tT]", r"${1}T")
        .str.replace(r"(?i)(?:[z]|\s*(?:utc|gmt))$", "+00:00")
        .str.replace(r"(T\d{2}:\d{2})([^:\d]|$)", r"${1}:00${2}")
    )
    with_offset = (
        pl.when(iso.str.contains(r"[+-]\d{2}:?\d{2}$")).then(iso).otherwise(iso + "+00:00")
    )
    hours = with_offset.str.extract(r"[+-](\d{2}):?\d{2}$").cast(pl.Int64)
    minutes = with_offset.str.extract(r"[+-]\d{2}:?(\d{2})$").cast(pl.Int64)
    moments = with_offset.str.to_datetime(
        "%Y-%m-%dT%H:%M:%S%.f%z", strict=False, time_zone="UTC", time_unit="us"
    )
    return pl.when(_offset_in_range(hours, minutes)).then(moments)
