"""Coerce a raw table's columns to the types of its spec, reporting every loss.

A value that cannot be read as its column's type becomes a reject entry
(table, row, column, reason). In a required column the whole row is
rejected; in an optional one the row is kept with the value left empty, and
the reject entry says so, so nothing disappears unreported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal

import polars as pl

from workbench.booleans import bool_expr
from workbench.date_layouts import DayMonthEvidence, as_iso, day_month_evidence
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


def coerce(
    raw: pl.DataFrame, spec: TableSpec, day_month: Mapping[str, DayMonthEvidence] | None = None
) -> Coerced:
    """Type every contract column of ``raw``; add absent ones as empty.

    Parameters
    ----------
    raw : a table as read (any dtypes), with ``source_row``.
    spec : the table's spec.
    day_month : for each date and time column, what the whole column's numeric
        dates say of their order (`workbench.date_layouts`), when ``raw`` is
        only part of it; by default ``raw``'s own values decide. A column it
        leaves out has no numeric dates.

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
    work = _text_work(raw, spec)
    spellings = {
        k: id_spellings(raw[k])
        for k in spec.id_columns
        if k in raw.columns and work.get(k) != "none"
    }
    supplied = [c for c in spec.columns if c.name in raw.columns]
    typed = raw.select(
        *(_column(raw, c, work, spellings, day_month) for c in spec.columns), pl.col(ROW)
    ).with_columns(in_range(c) for c in supplied if c.type in BOUNDED_TYPES)
    rejected_row = pl.repeat(False, raw.height, eager=True)
    problems: list[pl.DataFrame] = []
    for column in sorted(supplied, key=lambda c: not c.required):
        if not typed[column.name].null_count():
            continue  # every value was read: nothing missing, nothing unreadable
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
    frame = typed.filter(~rejected_row) if rejected_row.any() else typed
    rejects = pl.concat([pl.DataFrame(schema=REJECT_SCHEMA), *problems])
    return Coerced(frame, rejects, _id_changes(spec, spellings))


def day_month_by_column(raw: pl.DataFrame, spec: TableSpec) -> dict[str, DayMonthEvidence]:
    """What each date and time column of ``raw`` given as text says of its numeric dates' order.

    `coerce` reads a whole table's numeric dates in the order the table tells;
    a loader that types a table in parts finds each part's evidence with this,
    merges it (`DayMonthEvidence.merged`), and gives the whole to `coerce`.

    Examples
    --------
    >>> from workbench.tables import TABLES
    >>> raw = pl.DataFrame({"contractor_id": ["c1"], "ts": ["27/03/2026 22:44"]})
    >>> day_month_by_column(raw, TABLES["logins"])
    {'ts': DayMonthEvidence(first=27, second=3)}
    """
    return {
        column.name: day_month_evidence(raw[column.name].cast(pl.String))
        for column in spec.columns
        if column.type in ("datetime", "date")
        and column.name in raw.columns
        and not raw.schema[column.name].is_temporal()
    }


#: What a text column needs before it is typed: nothing, its blank values made
#: empty (null), or the whole treatment (trimming, or `canonical_ids` for an id).
TextWork = Literal["none", "blanks", "all"]


def _text_work(raw: pl.DataFrame, spec: TableSpec) -> dict[str, TextWork]:
    """The `TextWork` of each "str" column given as text, all found in one parallel pass.

    Most columns have nothing to trim, so they are kept as they are (no copy).
    """
    names = [
        c.name for c in spec.columns if c.type == "str" and raw.schema.get(c.name) == pl.String
    ]
    if not names:
        return {}
    work = (_work(pl.col(name), name in spec.id_columns).alias(name) for name in names)
    return raw.select(work).row(0, named=True)


def _work(text: pl.Expr, is_id: bool) -> pl.Expr:
    """The `TextWork` a text column needs, as an expression of the column."""
    blank = (text == "").any()
    # Space at either end (Unicode White_Space, as regex's \s): a trimmed copy's length in
    # bytes compared, a quarter faster over 15M logins than the regex ``^\s|\s$``.
    untrimmed = (text.str.strip_chars().str.len_bytes() != text.str.len_bytes()).any()
    if is_id:
        # Anything but plain ASCII (a character outside it takes more than one byte),
        # and a blank, are left to `canonical_ids`.
        untrimmed |= (text.str.len_bytes() != text.str.len_chars()).any() | blank
    return (
        pl.when(untrimmed)
        .then(pl.lit("all"))
        .when(blank)
        .then(pl.lit("blanks"))
        .otherwise(pl.lit("none"))
    )


def _column(
    raw: pl.DataFrame,
    column: Column,
    work: dict[str, TextWork],
    spellings: dict[str, pl.DataFrame],
    day_month: Mapping[str, DayMonthEvidence] | None,
) -> pl.Expr | pl.Series:
    """One contract column of ``raw`` typed, as an expression or as the values themselves."""
    name = column.name
    if name not in raw.columns:
        return pl.lit(None, DTYPES[column.type]).alias(name)
    if name in spellings:
        return _respelt(name, spellings[name])
    if column.type == "category" and raw.schema[name] == pl.String:
        return _categories(column, raw[name])
    if work.get(name, "all") == "all":
        evidence = None if day_month is None else day_month.get(name, DayMonthEvidence())
        return _typed(column, raw[name], evidence).alias(name)
    # Nothing to trim: the value is its own text, and a blank one is empty.
    return (pl.col(name) if work[name] == "none" else _blanks_emptied(pl.col(name))).alias(name)


def _categories(column: Column, text: pl.Series) -> pl.Series:
    """A category column given as text, typed: trimmed, and empty where blank.

    It holds few distinct values, so it is cast first, and whether any value
    needs trimming is seen from its distinct categories alone.
    """
    categories = text.cast(DTYPES["category"])
    distinct = categories.unique().cast(pl.String)
    if (distinct.str.strip_chars() != distinct).any():
        return text.to_frame().select(_typed(column, text)).to_series()
    if (distinct == "").any():
        return categories.to_frame().select(_blanks_emptied(pl.col(column.name))).to_series()
    return categories


def _blanks_emptied(text: pl.Expr) -> pl.Expr:
    """Text, null where it is blank ("")."""
    return pl.when(text != "").then(text)


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


def case_respellings(unknown: pl.Series, known: pl.Series) -> pl.DataFrame:
    """(given, id): each id of ``unknown`` (ids no contractor has) that names exactly one of
    the ``known`` contractor ids once letter case is ignored.

    Systems spell one id in different cases (an HR export's ``K845-001`` is a
    login log's ``k845-001``). Where two known ids differ in case alone, the
    spelling names neither and stays unknown.

    Examples
    --------
    >>> known = pl.Series(["K845-001", "ab", "AB"])
    >>> case_respellings(pl.Series(["k845-001", "Ab", "zz", "k845-001"]), known).rows()
    [('k845-001', 'K845-001')]
    """
    folded = pl.col("id").str.to_lowercase()
    unique = (
        pl.DataFrame({"id": known.cast(pl.String)})
        .unique()
        .with_columns(folded=folded)
        .filter(pl.col("folded").is_unique())
    )
    given = pl.DataFrame({"given": unknown.cast(pl.String).drop_nulls().unique()})
    return (
        given.with_columns(folded=pl.col("given").str.to_lowercase())
        .join(unique, on="folded")
        .select("given", "id")
        .sort("given")
    )


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
    # Joined, not `pl.format`: on a CI run polars 2.1's format kernel panicked here once
    # ("assertion failed: i < self.len()" in its string views), as polars' issues
    # #25187 and #25339 report of `pl.format`; a panic is not an error a case can name.
    reason = (
        pl.lit(verdict)
        if verdict == "missing required value"
        else pl.concat_str(pl.lit(f"unreadable {column.type} '"), "value", pl.lit(f"' ({verdict})"))
    )
    quoted = pl.col("value").cast(pl.String).str.slice(0, QUOTE_LIMIT)
    return (
        pl.DataFrame({ROW: raw[ROW], "value": raw[column.name]})
        .filter(mask)
        .with_columns(quoted)
        .select(
            pl.lit(spec.name).alias("table"),
            pl.col(ROW).alias("row"),
            pl.lit(column.name).alias("column"),
            reason.alias("reason"),
        )
    )


def _typed(
    column: Column, values: pl.Series, day_month: DayMonthEvidence | None = None
) -> pl.Expr | pl.Series:
    """A column typed: an expression when polars converts it, else the values read from text.

    ``day_month`` is what the column's numeric dates say of their order (None:
    ``values`` decide, see `parse_datetimes`).

    Text is read here rather than by a Python function called inside a polars
    query: such a call needs the GIL from polars' threads, which can deadlock
    while another thread loads a table.
    """
    value, source = pl.col(column.name), values.dtype
    if column.type in ("str", "category"):
        text = value.cast(pl.String).str.strip_chars()
        return pl.when(text != "").then(text).cast(DTYPES[column.type])
    if column.type == "datetime":
        return _moments(values, day_month)
    if column.type == "date":
        return _dates(values, day_month)
    if column.type == "float":
        return value.cast(pl.Float64) if source.is_numeric() else _numbers(values.cast(pl.String))
    return value if source == pl.Boolean else _bools(values)


def per_distinct(values: pl.Series, read: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """``read(values)``, worked out once per distinct value when values repeat.

    Dates, amounts of minutes and yes/no words repeat across millions of
    rows. ``read`` must read each value by itself, and null as null.

    Examples
    --------
    >>> per_distinct(pl.Series("n", ["1", "2", "1", None]), lambda s: s.cast(pl.Int64)).to_list()
    [1, 2, 1, None]
    """
    distinct = values.unique().drop_nulls()
    if distinct.len() * 2 > values.len():
        return read(values)  # mostly distinct: looking each value up again would cost more
    return values.replace_strict(distinct, read(distinct), default=None).alias(values.name)


def _numbers(text: pl.Series) -> pl.Series:
    """`parse_number` over a Series, once per distinct text."""
    return per_distinct(text, lambda s: pl.select(parse_number(pl.lit(s))).to_series())


def _bools(values: pl.Series) -> pl.Series:
    """`bool_expr` over a Series, once per distinct value."""
    return per_distinct(values, lambda s: pl.select(bool_expr(pl.lit(s))).to_series())


def _moments(values: pl.Series, day_month: DayMonthEvidence | None) -> pl.Expr | pl.Series:
    """UTC moments from a typed column (naive means UTC) or from text."""
    value, source = pl.col(values.name), values.dtype
    if isinstance(source, pl.Datetime):
        zoned = value.dt.replace_time_zone("UTC") if source.time_zone is None else value
        return zoned.dt.convert_time_zone("UTC").cast(DTYPES["datetime"])
    if source == pl.Date:
        return value.cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
    return parse_datetimes(values.cast(pl.String), day_month)


def _dates(values: pl.Series, day_month: DayMonthEvidence | None) -> pl.Expr | pl.Series:
    """Dates from a typed column (a moment keeps its UTC date, as one written as text does)
    or from text, once per distinct text."""
    value, source = pl.col(values.name), values.dtype
    if isinstance(source, pl.Datetime):
        zoned = value if source.time_zone is None else value.dt.convert_time_zone("UTC")
        return zoned.dt.date()
    if source == pl.Date:
        return value
    return per_distinct(values.cast(pl.String), lambda text: parse_dates(text, day_month))


#: The span of ISO 8601's four-digit years, in UTC. A moment outside it (year 10000,
#: or year 1 pushed into year 0 by its offset) is a typo, and Python cannot hold it.
FIRST_MOMENT = datetime(1, 1, 1, tzinfo=timezone.utc)
LAST_MOMENT = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)


#: Types whose values can fall outside what is real (see `in_range`).
BOUNDED_TYPES = ("datetime", "date", "float")


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


def tail_shift(tail: pl.Expr) -> pl.Expr:
    """Microseconds to add to a local moment for what follows its seconds; null if unreadable.

    ``tail`` is the text after ``YYYY-MM-DDTHH:MM:SS``: a fraction (kept to the
    microsecond) and an offset (subtracted), as `EXACT_TAIL` allows.

    Examples
    --------
    >>> s = pl.Series(["", "Z", ".5+01:00", "-0230", "+99:99", " UTC"])
    >>> pl.select(tail_shift(pl.lit(s))).to_series().to_list()
    [0, 0, -3599500000, 9000000000, None, None]
    """
    micros = tail.str.extract(r"^\.(\d{1,6})").str.pad_end(6, "0").cast(pl.Int64).fill_null(0)
    sign = pl.when(tail.str.contains(r"-\d{2}:?\d{2}$")).then(-1).otherwise(1)
    hours = tail.str.extract(r"[+-](\d{2}):?\d{2}$").cast(pl.Int64).fill_null(0)
    minutes = tail.str.extract(r"[+-]\d{2}:?(\d{2})$").cast(pl.Int64).fill_null(0)
    readable = tail.str.contains(EXACT_TAIL) & _offset_in_range(hours, minutes)
    return pl.when(readable).then(micros - sign * (hours * 60 + minutes) * 60_000_000)


#: How `exact_iso` reads the date and time of day, once a "T" stands between them.
LOCAL_LAYOUT = "%Y-%m-%dT%H:%M:%S"


def _local_moments(text: pl.Expr) -> pl.Expr:
    """``YYYY-MM-DDTHH:MM:SS`` text as naive moments (microseconds); null if it is not that."""
    # Without polars' cache of converted values: moments seldom repeat, and
    # looking each one up costs as much again as reading it.
    return text.str.to_datetime(LOCAL_LAYOUT, strict=False, time_unit="us", cache=False)


def exact_iso(text: pl.Expr) -> pl.Expr:
    """Fast reading of full ISO 8601 timestamps (seconds present); null for anything else.

    The date-time part is parsed with one fixed layout and the offset is
    applied arithmetically (`tail_shift`), which is several times faster than
    parsing ``%z`` on millions of rows.

    Examples
    --------
    >>> s = pl.Series(["2025-03-04T09:12:00+09:00", "2025-03-04 09:12",
    ...                "2025-03-04T09:12:00+99:99"])
    >>> pl.select(exact_iso(pl.lit(s))).to_series().dt.hour().to_list()
    [0, None, None]
    """
    base = pl.concat_str(text.str.slice(0, 10), pl.lit("T"), text.str.slice(11, 8))
    shifted = _local_moments(base) + pl.duration(microseconds=tail_shift(text.str.slice(19)))
    return shifted.dt.replace_time_zone("UTC")


#: What a fraction of a second is written with: stripped from a tail, its zone is left.
FRACTION_CHARS = ".0123456789"


def fraction_micros(fraction: pl.Expr) -> pl.Expr:
    """Microseconds of a fraction of a second as `EXACT_TAIL` allows it; 0 for none, else null.

    Examples
    --------
    >>> s = pl.Series(["", ".5", ".1234567", ".1234567890", "5"])
    >>> pl.select(fraction_micros(pl.lit(s))).to_series().to_list()
    [0, 500000, 123456, None, None]
    """
    micros = fraction.str.slice(1, 6).str.pad_end(6, "0").cast(pl.Int64)
    return pl.when(fraction.str.contains(r"^(?:\.\d{1,9})?$")).then(micros)


def common_iso(text: pl.Series) -> pl.Series:
    """`exact_iso` for the timestamps with a "T" after the date; null for the others.

    With the "T" in place the date and time are the first 19 characters as
    they stand (no new text to build). The zones after them ("Z", "+09:00")
    repeat, so each distinct zone is read once; a fraction of a second,
    nearly always distinct, is read row by row.

    Examples
    --------
    >>> s = pl.Series(["2025-03-04T09:12:00.5+09:00", "2025-03-04 09:12:00Z", "soon"])
    >>> common_iso(s).dt.to_string("%H:%M:%S%.3f").to_list()
    ['00:12:00.500', None, None]
    """
    tails = text.str.slice(19)
    fractions = tails.str.contains(".", literal=True).any()
    zones = tails.str.strip_chars_start(FRACTION_CHARS) if fractions else tails
    distinct = pl.DataFrame({"zone": zones.unique().drop_nulls()})
    shifts = distinct.with_columns(tail_shift(pl.col("zone")).alias("shift"))
    shift = pl.col("zone").replace_strict(shifts["zone"], shifts["shift"], default=None)
    if fractions:
        zone_start = pl.col("tail").str.len_chars() - pl.col("zone").str.len_chars()
        shift = shift + fraction_micros(pl.col("tail").str.head(zone_start))
    local = _local_moments(pl.col("text").str.slice(0, 19))
    moments = pl.when(pl.col("text").str.slice(10, 1) == "T").then(
        local + pl.duration(microseconds=shift)
    )
    frame = pl.LazyFrame({"text": text, "tail": tails, "zone": zones})
    return frame.select(moments.dt.replace_time_zone("UTC")).collect().to_series()


def parse_datetimes(text: pl.Series, day_month: DayMonthEvidence | None = None) -> pl.Series:
    """ISO 8601 text and other layouts to UTC moments, reading exact ISO 8601 timestamps first.

    Each reader reads what the one before left null: `common_iso`, then
    `exact_iso`, then `exact_iso` again once the text is spelt as it reads
    (`iso_spelt`), with dates and times in other layouts first rewritten as
    ISO (`workbench.date_layouts.as_iso`): numeric dates with the year last in
    the order ``day_month`` tells (by default, the order ``text``'s own
    numeric dates tell).

    ISO 8601 text may have ``T`` or a space between date and time, minutes
    without seconds, fractions, ``Z``, ``UTC`` or ``GMT``, and offsets with or
    without a colon up to `MAX_OFFSET_MINUTES`; no offset means UTC, and a
    bare date midnight. Anything else is null.

    Examples
    --------
    >>> s = pl.Series(["2025-03-04T09:12:00.5+09:00", "2025-03-04T09:12:00Z", "2025-03-04 09:12"])
    >>> parse_datetimes(s).dt.to_string("%H:%M:%S%.3f").to_list()
    ['00:12:00.500', '09:12:00.000', '09:12:00.000']
    >>> parse_datetimes(pl.Series(["03/04/2025 9:12 PM", "03/14/2025"])).dt.date().to_list()
    [datetime.date(2025, 3, 4), datetime.date(2025, 3, 14)]
    """
    parsed = common_iso(text)
    for lenient in (False, True):
        pending = pl.arg_where(parsed.is_null() & text.is_not_null(), eager=True)
        if pending.is_empty():
            break
        left = text.gather(pending)
        if lenient:
            order = (day_month if day_month is not None else day_month_evidence(left)).order
            read = exact_iso(pl.lit(iso_spelt(as_iso(left, order))))
        else:
            read = exact_iso(pl.lit(left))
        parsed = parsed.scatter(pending, pl.select(read).to_series())
    return parsed.cast(DTYPES["datetime"]).alias(text.name)


def parse_dates(text: pl.Series, day_month: DayMonthEvidence | None = None) -> pl.Series:
    """Dates: ``YYYY-MM-DD`` read directly, anything else as `parse_datetimes` reads it (UTC).

    Examples
    --------
    >>> parse_dates(pl.Series(["2025-03-04", "2025-03-04T23:00-05:00", "soon", "4.3.2025"]),
    ...             DayMonthEvidence(first=27, second=12)).to_list()
    [datetime.date(2025, 3, 4), datetime.date(2025, 3, 5), None, datetime.date(2025, 3, 4)]
    """
    trimmed = pl.col("text").str.strip_chars()
    exact = trimmed.str.contains(r"^\d{4}-\d{2}-\d{2}$")
    fast = pl.when(exact).then(trimmed.str.to_date("%Y-%m-%d", strict=False))
    parsed = pl.DataFrame({"text": text}).select(fast).to_series()
    pending = pl.arg_where(parsed.is_null() & text.is_not_null(), eager=True)
    if not pending.is_empty():
        dated = parse_datetimes(text.gather(pending), day_month).dt.date()
        parsed = parsed.scatter(pending, dated)
    return parsed.alias(text.name)


#: A decimal comma: "12,5", "-0,75", or with dots between thousands "1.500,25".
DECIMAL_COMMA = r"^-?(?:\d+|\d{1,3}(?:\.\d{3})+),\d{1,2}$"


#: What a written amount may carry besides its number: currency signs ("$", "€") and
#: spaces, which some exports put between thousands ("5 042,97", often a no-break space).
NUMBER_DECORATION = r"[\p{Sc}\s]"


def parse_number(text: pl.Expr) -> pl.Expr:
    """Numbers as people write them: "1500.5", "1,500.5", and the decimal comma "1.500,5".

    A comma followed by one or two final digits is a decimal comma; any other
    comma separates thousands. Currency signs and spaces are left out
    (`NUMBER_DECORATION`). Anything else unreadable is null. (``nan`` and
    ``inf`` read as floats; `coerce` leaves them empty, see `in_range`.)

    Examples
    --------
    >>> s = pl.Series(["1,500.5", "1.500,25", "12,5", "1,500", "n/a", "$5,042.97", "5 042,97 €"])
    >>> pl.select(parse_number(pl.lit(s))).to_series().to_list()
    [1500.5, 1500.25, 12.5, 1500.0, None, 5042.97, 5042.97]
    """
    trimmed = text.str.replace_all(NUMBER_DECORATION, "")
    european = trimmed.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    plain = trimmed.str.replace_all(",", "", literal=True)
    chosen = pl.when(trimmed.str.contains(DECIMAL_COMMA)).then(european).otherwise(plain)
    return chosen.cast(pl.Float64, strict=False)


def iso_spelt(text: pl.Series) -> pl.Series:
    """ISO 8601 text as people write it, spelt as `exact_iso` reads it: "T", seconds, an offset.

    Accepts ``T`` or a space between date and time, minutes without seconds,
    fractions, ``Z``, ``UTC`` or ``GMT``, offsets with or without a colon, and
    no offset (UTC). A bare date is midnight. Anything else is left for
    `exact_iso` to refuse.

    Examples
    --------
    >>> iso_spelt(pl.Series(["2025-03-04 09:12+09:00", "2025-03-04", "2025-03-04 09:12 UTC"])
    ... ).to_list()
    ['2025-03-04T09:12:00+09:00', '2025-03-04T00:00:00+00:00', '2025-03-04T09:12:00+00:00']
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
    return pl.select(with_offset).to_series().alias(text.name)
