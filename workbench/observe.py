"""Turn every identifier in every table into one long, normalised table of sightings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl

from workbench.case import Case
from workbench.case_tables import HeldTable, as_case_tables
from workbench.distinct import distinct_rows
from workbench.kinds import KINDS, RESERVED_KINDS, Kind, Source, Spellings, generic, kind_for
from workbench.normalize import country, name, placeholders
from workbench.tables import ROW, TABLES

#: Kinds normalised at once: two keep both cores of a small machine busy.
NORMALISER_THREADS = 2

#: Columns of the observations table.
OBSERVATION_SCHEMA = pl.Schema(
    {
        "contractor_id": pl.String(),
        "kind": pl.String(),
        "value": pl.String(),
        "raw": pl.String(),
        "source": pl.String(),
        "source_row": pl.Int64(),
        "seen_at": pl.Datetime("us", "UTC"),
        "sightings": pl.UInt32(),
    }
)

#: Columns of collapsed raw sightings, before normalisation.
SIGHTING_SCHEMA = pl.Schema(
    {
        "contractor_id": pl.String(),
        "kind": pl.String(),
        "raw": pl.String(),
        "source": pl.String(),
        "column": pl.String(),
        "source_row": pl.Int64(),
        "seen_at": pl.Datetime("us", "UTC"),
        "region": pl.String(),
        "method": pl.String(),
        "sightings": pl.UInt32(),
    }
)

#: Columns of unusable_values.csv: a value that normalised to nothing, where and why.
UNUSABLE_SCHEMA = pl.Schema(
    {
        "table": pl.String(),
        "row": pl.Int64(),
        "column": pl.String(),
        "kind": pl.String(),
        "value": pl.String(),
        "reason": pl.String(),
    }
)
_UNREAD_SCHEMA = pl.Schema(
    {
        "table": pl.String(),
        "row": pl.Int64(),
        "column": pl.String(),
        "kind": pl.String(),
        "value": pl.String(),
    }
)

#: The kind of the payee names that are not the contractor's own (`_foreign_payees`).
PAYEES = "account_holder"

#: A template token shorter than this is too common to tie anyone ("dev", "it").
TEMPLATE_MIN_TOKEN = 4

#: Parts of a name shorter than this ("li", "o") are not looked for inside e-mail tokens
#: and stems.
MIN_NAME_PART = 3

#: Running numbers this far apart or closer are one series (devrocket033 and
#: devrocket038); wider gaps are common words with unrelated numbers.
SEQUENCE_GAP = 5

#: Width of the blocks of running numbers an e-mail series is sighted in (`series_blocks`):
#: two tilings, one offset from the other by `SEQUENCE_GAP`, so that two numbers
#: `SEQUENCE_GAP` apart or closer always share a block.
SERIES_BLOCK = 2 * SEQUENCE_GAP

#: Fewest letters of the stem of a numbered address read as a theme ("j1" and "j2" are
#: coincidences).
MIN_STEM = 4

#: Four-digit numbers in this span read as years (of birth, of joining), not as running
#: numbers: strangers born a year apart are no series.
YEARS = (1900, 2099)

#: The kinds sighted by observe's own rules from the e-mail addresses.
COMPUTED_EMAIL_KINDS = ("email_template", "email_series")


@dataclass(frozen=True)
class Observed:
    """The sightings a case yields: usable ones normalised, and the values that were not."""

    #: The sightings: a frame, or a handle on them where an engine keeps them (`HeldTable`).
    observations: pl.DataFrame | HeldTable
    unusable: pl.DataFrame


def observe(case: Case, kinds: Mapping[str, Kind] = KINDS) -> pl.DataFrame:
    """One row per identity, kind, raw value and source table, with its canonical value.

    Repeated sightings (the same IP in 400 logins) collapse into one row that
    keeps the first source row, the earliest time and a ``sightings`` count.
    Values that normalise to nothing (placeholders, invalid text) are left out
    here and listed by `observe_all`.

    Parameters
    ----------
    case : a loaded case.
    kinds : the kind registry.

    Returns
    -------
    A frame of `OBSERVATION_SCHEMA`, sorted by kind, identity, value, source,
    source row and raw value.

    Examples
    --------
    >>> from workbench.case import load_case
    >>> obs = observe(load_case("sample_data/demo_case"))
    >>> {"email", "phone", "payment_account", "ip", "device"} <= set(obs["kind"])
    True
    """
    return _observed(case, kinds, {})[0]


def observe_all(
    case: Case,
    kinds: Mapping[str, Kind] = KINDS,
    *,
    merges: Mapping[str, pl.DataFrame] | None = None,
) -> Observed:
    """`observe`, plus every value that could not be used and why (`UNUSABLE_SCHEMA`).

    Nothing a case holds vanishes: a placeholder ("n/a", 000-000-0000) or a
    value no normaliser can read (an e-mail without a domain, a phone of four
    digits) is listed with its table, first row, column and a reason.

    ``merges`` are the `spelling_merges` of a whole case of which ``case`` is a
    part: the values of a kind with `Kind.spellings` are merged by them, as
    over the whole case, instead of over this part alone.

    Examples
    --------
    >>> from workbench.case import load_case
    >>> unusable = observe_all(load_case("sample_data/demo_case")).unusable
    >>> unusable.columns
    ['table', 'row', 'column', 'kind', 'value', 'reason']
    """
    return Observed(*_observed(case, kinds, merges or {}))


def _observed(
    case: Case, kinds: Mapping[str, Kind], merges: Mapping[str, pl.DataFrame]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`observe_all`'s sightings and unusable values, both frames."""
    parts, unread, computed = _normalise(_sightings(case, kinds), kinds, case, merges)
    none = pl.DataFrame(schema=OBSERVATION_SCHEMA)
    for kind in COMPUTED_EMAIL_KINDS:
        own = computed.filter(pl.col("kind") == kind)
        parts[kind] = _in_order(pl.concat([parts.get(kind, none), own]))
    # One contiguous frame: later stages group and join it many times.
    observations = pl.concat([none, *(parts[kind] for kind in sorted(parts))], rechunk=True)
    return observations, _unusable(unread, kinds)


def spelling_merges(case: Case, kinds: Mapping[str, Kind] = KINDS) -> dict[str, pl.DataFrame]:
    """The merges of alike spellings over the whole case, for each kind with `Kind.spellings`.

    What `observe_all` merges over the whole case: given as its ``merges`` to
    each part of the case, they make the parts' values the whole case's. An
    engine that holds the case in parts makes them from each part's
    `spelling_tallies` (`workbench.engines.spark_observe.spelling_merges_on_spark`).

    Examples
    --------
    >>> from workbench.case import load_case
    >>> merges = spelling_merges(load_case("sample_data/demo_case"))
    >>> list(merges), merges["address"].columns
    (['phone', 'address', 'photo_hash', 'reference_phone'], ['key', 'merged'])
    """
    spelt = spelt_kinds(kinds)
    return {
        key: spelt[key].merges_of(tally) for key, tally in spelling_tallies(case, kinds).items()
    }


def spelling_tallies(case: Case, kinds: Mapping[str, Kind] = KINDS) -> dict[str, pl.DataFrame]:
    """What the sightings of a case, or of a part of one, say of their spellings: the
    `Spellings.tally` of each kind with `Kind.spellings`.

    The tallies of a case's parts, put together, are the whole case's.

    Examples
    --------
    >>> from workbench.case import load_case
    >>> tallies = spelling_tallies(load_case("sample_data/demo_case"))
    >>> tallies["address"].columns
    ['numbers', 'key', 'raw', 'spellings']
    """
    spelt = spelt_kinds(kinds)
    wanted = {key: kinds[key] for key in spelt}
    sightings = _sightings(case, wanted, named_only=True) if spelt else {}
    empty = pl.DataFrame(schema=SIGHTING_SCHEMA)
    tallies = {}
    for key, spellings in spelt.items():
        seen = sightings.get(key, empty)
        tallies[key] = spellings.tally(seen, spellings.key(seen))
    return tallies


def spelt_kinds(kinds: Mapping[str, Kind] = KINDS) -> dict[str, Spellings]:
    """The `Spellings` of each kind that has them, by kind.

    Examples
    --------
    >>> {key: spellings.group_on for key, spellings in spelt_kinds().items()}
    {'phone': 'digits', 'address': 'numbers', 'photo_hash': 'block', 'reference_phone': 'digits'}
    """
    return {key: kind.spellings for key, kind in kinds.items() if kind.spellings is not None}


def canonical_values(named: pl.DataFrame, kinds: Mapping[str, Kind] = KINDS) -> pl.DataFrame:
    """The canonical values (kind, value) of raw values named by kind, derived kinds included.

    Used for values an analyst names (known infrastructure in case.toml): they
    are normalised as a sighting would be, without a row's region or method.

    Examples
    --------
    >>> named = pl.DataFrame({"kind": ["ip", "phone"], "raw": ["52.10.20.30", "(201) 555-0123"]})
    >>> canonical_values(named).rows()
    [('ip', '52.10.20.30'), ('ip_net', '52.10.20.0/24'), ('phone', '+12015550123')]
    """
    found = [pl.DataFrame(schema={"kind": pl.String, "value": pl.String})]
    for (kind,), rows in named.partition_by("kind", as_dict=True).items():
        sightings = rows.select(
            "raw", region=pl.lit(None, pl.String), method=pl.lit(None, pl.String)
        )
        valued = sightings.with_columns(value=kind_for(str(kind), kinds).normalize(sightings))
        found.append(valued.select(kind=pl.lit(str(kind)), value="value"))
        for child_name, child in kinds.items():
            if child.derived_from == kind:
                derived = valued.with_columns(value=child.normalize(valued))
                found.append(derived.select(kind=pl.lit(child_name), value="value"))
    return pl.concat(found).drop_nulls().unique().sort("kind", "value")


def shipped_to(
    observations: pl.DataFrame, shipments: pl.DataFrame, kind: str = "address"
) -> pl.DataFrame:
    """Sightings of ``kind`` (an address or its building) where company equipment was sent.

    A shipment's ``previous_address``, the one a reroute replaced, is a sighting
    of its holder's too, but nothing was shipped there (unless another shipment
    of the same identity went to it).

    Examples
    --------
    >>> obs = pl.DataFrame({"contractor_id": ["a", "a"], "kind": ["address", "address"],
    ...     "value": ["k1", "k2"], "raw": ["9 Elm St", "12 Oak Ave"],
    ...     "source": ["shipments", "shipments"]})
    >>> shipments = pl.DataFrame({"contractor_id": ["a"], "ship_to_address": ["9 Elm St"],
    ...     "previous_address": ["12 Oak Ave"]})
    >>> shipped_to(obs, shipments)["value"].to_list()
    ['k1']
    """
    sent = shipments.select("contractor_id", raw=pl.col("ship_to_address").str.strip_chars())
    replaced = (
        shipments.select("contractor_id", raw=pl.col("previous_address").str.strip_chars())
        .drop_nulls()
        .join(sent, on=["contractor_id", "raw"], how="anti")
        .unique()
    )
    from_shipments = observations.filter(**shipment_sightings(kind))
    return from_shipments.join(replaced, on=["contractor_id", "raw"], how="anti")


def shipment_sightings(kind: str = "address") -> dict[str, str]:
    """Which sightings `shipped_to` reads: those of ``kind`` from the shipments table, as
    the value each column must hold, which any engine can test where the sightings are.

    Examples
    --------
    >>> obs = pl.DataFrame({"kind": ["address", "address"], "source": ["shipments", "logins"]})
    >>> obs.filter(**shipment_sightings()).height
    1
    """
    return {"kind": kind, "source": "shipments"}


def _unusable(unread: pl.DataFrame, kinds: Mapping[str, Kind]) -> pl.DataFrame:
    """Sightings whose value normalised to nothing, with their column and the reason."""
    labels = {k: kind_for(k, kinds).label for k in unread["kind"].unique().to_list()}
    placeholder = placeholders.is_placeholder(unread["value"])
    return (
        unread.with_columns(placeholder=placeholder)
        .with_columns(
            reason=pl.when(pl.col("kind").is_in(list(RESERVED_KINDS)))
            .then(
                pl.format(
                    "'{}' {}", "kind", pl.col("kind").replace_strict(RESERVED_KINDS, default=None)
                )
            )
            .when("placeholder")
            .then(pl.lit("a placeholder: it stands for no value"))
            .otherwise(
                pl.format("unreadable as {}", pl.col("kind").replace_strict(labels, default=None))
            ),
        )
        .select(UNUSABLE_SCHEMA.names())
        .cast(UNUSABLE_SCHEMA)
        .sort(UNUSABLE_ORDER)
    )


#: The order of the sightings of one kind (the kind is constant).
_ORDER = ("contractor_id", "value", "source", "source_row", "raw")

#: How `observe` orders its sightings: the kinds in sorted order, each kind's in `_ORDER`.
OBSERVATION_ORDER = ("kind", *_ORDER)

#: How `observe_all` orders the values that could not be used (one row each: no two
#: kinds read one column).
UNUSABLE_ORDER = ("table", "row", "column", "value")


def _in_order(part: pl.DataFrame) -> pl.DataFrame:
    """Sightings of one kind with the observation columns, sorted (the kind is constant)."""
    return _as_observations(part).sort(_ORDER)


def _as_observations(part: pl.DataFrame) -> pl.DataFrame:
    """Sightings with the observation columns, in their order."""
    return part.select(OBSERVATION_SCHEMA.names()).cast(OBSERVATION_SCHEMA)


#: Context columns a source may ask for: the column of its table each is read from, and
#: how its values are read.
CONTEXT: dict[str, tuple[str, Callable[[pl.Series], pl.Series]]] = {
    "region": ("country", country.to_iso2),
    "method": ("method", lambda values: values),
}


def _sightings(
    case: Case, kinds: Mapping[str, Kind], *, named_only: bool = False
) -> dict[str, pl.DataFrame]:
    """Collapsed raw sightings of ``kinds``, and of every kind the identifiers table names
    (of ``kinds`` alone when ``named_only``): one row per identity, kind, raw value and table.

    Every declared source column is read the same way, and the columns of one
    table that yield one kind (a shipment's address and the address it
    replaced) are collapsed together; only foreign payees and the identifiers
    table have rules of their own. Columns: those of `SIGHTING_SCHEMA`:
    contractor_id, kind, raw, source, column and source_row (of the first
    row), seen_at (the earliest), sightings (how many rows), and region and
    method where a source asks for them (null elsewhere).
    """
    # Only the columns these kinds read: a table an engine holds is not gathered for nothing.
    held = as_case_tables(case.tables)
    tables = {
        table: held.handle(table).select(*columns).with_columns(seen_at=_seen_at(table))
        for table, columns in columns_read(kinds).items()
        if table in held
    }
    kind_named = pl.col("kind").str.strip_chars().str.to_lowercase()
    tables["identifiers"] = (
        held.rows_where("identifiers", kind_named.is_in(list(kinds)))
        if named_only
        else case.tables["identifiers"]
    ).with_columns(seen_at=_seen_at("identifiers"))
    columns: dict[tuple[str, str], list[tuple[str, pl.LazyFrame]]] = {}
    for key, kind in kinds.items():
        for source in kind.sources:
            columns.setdefault((key, source.table), []).append(
                (source.column, _column(tables[source.table], source))
            )
    found = [
        (key, _collapse(selected, table, []).with_columns(kind=pl.lit(key)))
        for (key, table), selected in columns.items()
    ]
    if PAYEES in kinds:
        found.append((PAYEES, _foreign_payees(tables["payments"], tables["contractors"])))
    identifiers = (
        tables["identifiers"]
        .lazy()
        .select(
            "contractor_id",
            kind_named,
            pl.col("value").str.strip_chars().alias("raw"),
            ROW,
            "seen_at",
        )
    )
    # Collected together: the group-bys of a million logins run side by side.
    *collapsed, named = pl.collect_all(
        [frame for _, frame in found]
        + [_collapse([("value", identifiers)], "identifiers", ["kind"])]
    )
    by_kind: dict[str, list[pl.DataFrame]] = {}
    for (key, _), frame in zip(found, collapsed, strict=True):
        if frame.height:
            by_kind.setdefault(key, []).append(frame)
    for (kind,), frame in named.partition_by("kind", as_dict=True).items():
        by_kind.setdefault(str(kind), []).append(frame)
    empty = pl.DataFrame(schema=SIGHTING_SCHEMA)
    return {
        kind: pl.concat([empty, *frames], how="diagonal_relaxed")
        for kind, frames in by_kind.items()
    }


def columns_read(kinds: Mapping[str, Kind]) -> dict[str, list[str]]:
    """The columns of each table `_sightings` reads for ``kinds``: each source's column and
    context, and every row's identity, number and time (and all of the identifiers table,
    which it also reads). An engine that sends tables elsewhere sends these alone.

    Examples
    --------
    >>> columns_read({"github": KINDS["github"]})
    {'contractors': ['contractor_id', 'source_row', 'hired_at', 'github']}
    """
    read: dict[str, list[str]] = {}

    def add(table: str, *columns: str) -> None:
        when = TABLES[table].seen_at
        base = ["contractor_id", ROW, *([when] if when else [])]
        read[table] = list(dict.fromkeys([*read.get(table, base), *columns]))

    for kind in kinds.values():
        for source in kind.sources:
            add(source.table, source.column, *(CONTEXT[c][0] for c in source.context))
    if PAYEES in kinds:
        add("payments", "account_holder")
        add("contractors", "full_name")
    return read


def _seen_at(table: str) -> pl.Expr:
    """When a row of ``table`` was seen, as a UTC time (null where the table has no date)."""
    column = TABLES[table].seen_at
    if column is None:
        return pl.lit(None, dtype=pl.Datetime("us", "UTC"))
    moment = pl.col(column)
    if TABLES[table].column(column).type == "date":
        moment = moment.cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
    return moment


def _column(frame: pl.DataFrame, source: Source) -> pl.LazyFrame:
    """Sightings from one declared source column: one row per table row and value (columns
    contractor_id, raw, source_row, seen_at and the context the source asks for).

    Lazy, so that trimming a million values runs with the group-by that collapses them.
    """
    values = _split(pl.col(source.column), source.separators) if source.multi_valued else None
    context = [
        pl.lit(read(frame[column])).alias(name)
        for name in source.context
        for column, read in [CONTEXT[name]]
    ]
    raw = pl.col(source.column) if values is None else values
    selected = frame.lazy().select("contractor_id", raw.alias("raw"), ROW, "seen_at", *context)
    if source.multi_valued:
        # Each value of a list, trimmed of the quotes a JSON array puts around it.
        selected = selected.explode("raw").with_columns(pl.col("raw").str.strip_chars(" \t\"'"))
    return selected.with_columns(pl.col("raw").str.strip_chars())


def _split(text: pl.Expr, separators: tuple[str, ...]) -> pl.Expr:
    """A multi-valued cell as a list: a JSON array's brackets dropped, any separator splitting."""
    text = text.str.strip_chars()
    listed = text.str.starts_with("[") & text.str.ends_with("]")
    text = pl.when(listed).then(text.str.slice(1, text.str.len_chars() - 2)).otherwise(text)
    for other in separators[1:]:
        text = text.str.replace_all(other, separators[0], literal=True)
    return text.str.split(separators[0])


def _collapse(
    selected: list[tuple[str, pl.LazyFrame]], source: str, keys: list[str]
) -> pl.LazyFrame:
    """One row per identity and raw value (and ``keys``) of the sightings read from columns
    of one table (column name, its `_column` sightings): first row and its column, earliest
    time, count.

    Region and method are taken as their least value, so the result does not
    depend on row order. Of a first row read through several columns (a
    shipment's address and the address it replaced), the column listed first
    counts.
    """
    names = [column for column, _ in selected]
    read = selected[0][1].collect_schema().names()
    extra = [pl.col(c).min() for c in ("region", "method") if c in read]
    # Row and column as one number whose least value is the first sighting: aggregating
    # the column's name as text would cost a group-by twice its time.
    first = pl.col(ROW) * len(names) + pl.col("column")
    # Rows of `_foreign_payees` stand for several sightings each.
    count = pl.col("sightings").sum() if "sightings" in read else pl.len()
    return (
        pl.concat(
            [
                frame.with_columns(column=pl.lit(index, pl.Int64))
                for index, (_, frame) in enumerate(selected)
            ],
            how="diagonal_relaxed",
        )
        .filter(pl.col("raw").is_not_null() & (pl.col("raw") != ""))
        .group_by("contractor_id", *keys, "raw")
        .agg(
            first.min().alias("first"),
            pl.col("seen_at").min(),
            count.cast(pl.UInt32).alias("sightings"),
            *extra,
        )
        .select(
            pl.all().exclude("first"),
            pl.col("first").floordiv(len(names)).alias(ROW),
            column=(pl.col("first") % len(names)).replace_strict(
                range(len(names)), names, return_dtype=pl.String
            ),
            source=pl.lit(source),
        )
    )


def _foreign_payees(payments: pl.DataFrame, contractors: pl.DataFrame) -> pl.LazyFrame:
    """Payee names that are not the contractor's own: a facilitator paid for several identities.

    An identity's payments to one payee name are counted together first: the
    names are compared once per pair, not once per payment.
    """
    held = (
        payments.lazy()
        .filter(pl.col("account_holder").is_not_null())
        .group_by("contractor_id", "account_holder")
        .agg(pl.col(ROW).min(), pl.col("seen_at").min(), pl.len().alias("sightings"))
        .join(
            contractors.lazy().select("contractor_id", "full_name"),
            on="contractor_id",
            how="left",
        )
    )
    # In the plan, not computed apart, so that it runs beside the other tables' group-bys.
    pairs = (
        held.select("account_holder", "full_name")
        .unique()
        .with_columns(
            own=pl.struct("account_holder", "full_name").map_batches(
                _own_names, return_dtype=pl.Boolean
            )
        )
    )
    selected = (
        held.join(pairs, on=["account_holder", "full_name"], how="left", nulls_equal=True)
        .filter(~pl.col("own").fill_null(False))
        .select(
            "contractor_id",
            pl.col("account_holder").str.strip_chars().alias("raw"),
            ROW,
            "seen_at",
            "sightings",
        )
    )
    return _collapse([("account_holder", selected)], "payments", []).with_columns(
        kind=pl.lit("account_holder")
    )


def _own_names(pairs: pl.Series) -> pl.Series:
    """Whether each (account_holder, full_name) pair names one person: `name.similar`."""
    holders, names = pairs.struct.field("account_holder"), pairs.struct.field("full_name")
    return name.similar(holders, names.fill_null(""))


def _normalise(
    sightings: Mapping[str, pl.DataFrame],
    kinds: Mapping[str, Kind],
    case: Case,
    merges: Mapping[str, pl.DataFrame],
) -> tuple[dict[str, pl.DataFrame], pl.DataFrame, pl.DataFrame]:
    """Canonical values for every kind, two kinds at a time: kind → sorted sightings,
    the sightings no normaliser could read (table, row, kind, value), and the
    sightings computed from the e-mails (`email_templates`, `email_series`).

    Normalisers are mostly polars work, which releases the GIL, so a second
    thread keeps the other core busy; each kind is sorted on its thread too.
    The kinds with the most sightings start first, so that the last one to
    finish is a small one rather than the payment accounts.
    """
    # A reserved kind the identifiers table names is no declared kind's: its rows are
    # unusable (`_normalise_new_kinds`), even where the registry computes a kind of its name.
    normalised = kinds.keys() - RESERVED_KINDS.keys()
    declared = sorted(
        ((kind, frame) for kind, frame in sightings.items() if kind in normalised),
        key=lambda item: -item[1].height,
    )
    new = [frame for kind, frame in sightings.items() if kind not in normalised]
    with ThreadPoolExecutor(max_workers=NORMALISER_THREADS) as pool:
        futures = {
            kind: pool.submit(_normalise_kind, kind, frame, kinds, merges.get(kind))
            for kind, frame in declared
        }
        # Queued last, one on each thread: by the time a thread takes them, the e-mails
        # are being normalised.
        computed = [
            pool.submit(_from_emails, sight, futures.get("email"), case)
            for sight in (email_templates, email_series)
        ]
        new_kinds = _normalise_new_kinds(pl.concat([pl.DataFrame(schema=SIGHTING_SCHEMA), *new]))
        results = [future.result() for future in futures.values()] + [new_kinds]
    parts = {kind: part for kind_parts, _ in results for kind, part in kind_parts.items()}
    unread = pl.concat([pl.DataFrame(schema=_UNREAD_SCHEMA), *(u for _, u in results)])
    return parts, unread, pl.concat([future.result() for future in computed])


def _from_emails(
    sight: Callable[[pl.DataFrame, Case], pl.DataFrame],
    emails: Future[tuple[dict[str, pl.DataFrame], pl.DataFrame]] | None,
    case: Case,
) -> pl.DataFrame:
    """The sightings ``sight`` (`email_templates`, `email_series`) makes of the e-mail
    sightings normalised by ``emails`` (none if None), with the observation columns."""
    none = pl.DataFrame(schema=OBSERVATION_SCHEMA)
    observations = none if emails is None else emails.result()[0]["email"]
    return sight(observations, case).select(none.columns)


def _normalise_new_kinds(
    sightings: pl.DataFrame,
) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """`_normalise_kind` for every kind the registry does not know, in one pass: they share
    one normaliser (`workbench.kinds.generic`), and a case may name thousands of them. The
    sightings of a reserved kind (`workbench.kinds.RESERVED_KINDS`) are all unread."""
    valued = sightings.with_columns(value=generic(sightings["raw"])).with_columns(
        value=pl.when(~pl.col("kind").is_in(list(RESERVED_KINDS))).then("value")
    )
    usable = valued.filter(pl.col("value").is_not_null())
    parts = {
        str(kind): part.sort(_ORDER)
        for (kind,), part in usable.select(OBSERVATION_SCHEMA.names())
        .cast(OBSERVATION_SCHEMA)
        .partition_by("kind", as_dict=True)
        .items()
    }
    unread = valued.filter(pl.col("value").is_null()).select(
        table="source", row=ROW, column="column", kind="kind", value="raw"
    )
    return parts, unread.cast(_UNREAD_SCHEMA)


def _normalise_kind(
    name: str,
    sightings: pl.DataFrame,
    kinds: Mapping[str, Kind],
    merges: pl.DataFrame | None = None,
) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """Sightings of one kind with their canonical values, plus those of its derived kinds,
    and the sightings of the kind itself that normalised to nothing.

    ``merges``, for a kind with `Kind.spellings`, are its merges over the whole case."""
    kind = kind_for(name, kinds)
    if merges is not None and kind.spellings is not None:
        values = kind.spellings.canonical(sightings, merges)
    else:
        values = kind.normalize(sightings)
    valued = sightings.with_columns(value=values)
    children = {key: kind for key, kind in kinds.items() if kind.derived_from == name}
    if children:
        # In order, the sightings are nearly in the order of their derived values too (a
        # network's addresses sort together), and a sort of nearly sorted rows is quick.
        valued = valued.sort(_ORDER)
    usable = valued.filter(pl.col("value").is_not_null())
    # `_ORDER` names one sighting, so sorted sightings need no second sort.
    parts = {name: _as_observations(usable) if children else _in_order(usable)}
    for child_name, child in children.items():
        derived = valued.with_columns(kind=pl.lit(child_name))
        derived = derived.with_columns(value=child.normalize(derived))
        parts[child_name] = _in_order(derived.filter(pl.col("value").is_not_null()))
    unread = valued.filter(pl.col("value").is_null()).select(
        table="source", row=ROW, column="column", kind=pl.lit(name), value="raw"
    )
    return parts, unread.cast(_UNREAD_SCHEMA)


def email_templates(observations: pl.DataFrame, case: Case) -> pl.DataFrame:
    """Sightings of e-mail templates: a theme word plus a running number.

    ``james.smartcoder412@…`` and ``mary.smartcoder413@…`` both yield the
    template ``smartcoder#``. A token that contains a part of the identity's
    own name, or is part of it (``jamesanderson198`` for James Anderson), is
    not a theme: people build addresses from their names.

    Examples
    --------
    >>> from workbench.case import load_case
    >>> case = load_case("sample_data/demo_case")
    >>> templates = email_templates(observe(case), case)
    >>> templates["value"].str.ends_with("#").all()
    True
    """
    local = pl.col("value").str.split("@").list.first()
    tokens = (
        _own_emails(observations)
        .filter(local.str.contains(r"\d"))
        .with_columns(token=local.str.replace_all(r"\d+", " ").str.extract_all(r"[a-z]+"))
        .explode("token")
        .filter(pl.col("token").str.len_chars() >= TEMPLATE_MIN_TOKEN)
        .collect()
    )
    return (
        tokens.join(
            _own_name_words(tokens, "token", case), on=["contractor_id", "token"], how="anti"
        )
        .with_columns(kind=pl.lit("email_template"), value=pl.col("token") + "#")
        .drop("token")
    )


def email_series(observations: pl.DataFrame, case: Case) -> pl.DataFrame:
    r"""Sightings of e-mail series: an identity's addresses in `series_blocks`' blocks of
    running numbers.

    ``devrocket033@…`` and ``devrocket035@…`` share a block: one operator
    opening addresses one after another. As for templates, a stem that holds a
    part of the identity's own name (``maria.soft86`` for Maria Lopez) is no
    theme: mail providers offer namesakes the next free number; nor is the address
    of an identity that gives no name, which cannot be told from a namesake's.

    Examples
    --------
    >>> from workbench.case import load_case
    >>> case = load_case("sample_data/demo_case")
    >>> series = email_series(observe(case), case)
    >>> series.height > 0, series["value"].str.contains(r"\[\d+-\d+\]@").all()
    (True, True)
    """
    # Most addresses end in no number: set aside before anything is parsed.
    emails = _own_emails(observations).filter(pl.col("value").str.contains(r"\d@")).collect()
    numbered = numbered_addresses(emails)
    # A holder who gives no name cannot be told from a namesake.
    people = case.tables["contractors"]
    named = people.filter(name.canonical(people["full_name"]).is_not_null())
    numbered = numbered.join(named, on="contractor_id", how="semi")
    # Whose stem is their own name is decided once per address, before it is tiled.
    themed = numbered.join(
        _own_name_words(numbered, "letters", case), on=["contractor_id", "letters"], how="anti"
    )
    return (
        series_blocks(themed)
        .drop("value", "stem", "number", "domain", "letters")
        .rename({"series": "value"})
        .with_columns(kind=pl.lit("email_series"))
    )


def numbered_addresses(addresses: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``addresses`` whose ``value`` is ``stem<number>@domain``, with those three
    columns and ``letters`` (the stem's letters, as a name's parts are compared): a running
    number, not a year (`YEARS`), after a stem of `MIN_STEM` letters or more.

    Examples
    --------
    >>> values = ["dev.rocket033@outlook.com", "ann.lee1987@x.io", "bo7@x.io", "ann@x.io"]
    >>> numbered_addresses(pl.DataFrame({"value": values})).rows()
    [('dev.rocket033@outlook.com', 'dev.rocket', 33, 'outlook.com', 'devrocket')]
    """
    value = pl.col("value")
    return (
        addresses.with_columns(
            **stem_and_number(value.str.split("@").list.first()),
            domain=value.str.split("@").list.last(),
        )
        .with_columns(letters=pl.col("stem").str.replace_all(r"[^\p{L}]", ""))
        .filter(
            pl.col("letters").str.len_chars() >= MIN_STEM,
            ~pl.col("number").is_between(*YEARS),
        )
    )


def series_blocks(numbered: pl.DataFrame) -> pl.DataFrame:
    """Each row of ``numbered`` (`numbered_addresses`) once for each of the two blocks of
    running numbers its address is in, named in a column ``series``.

    The blocks are `SERIES_BLOCK` numbers long, one tiling offset from the
    other by `SEQUENCE_GAP`, so two addresses of one stem and domain
    `SEQUENCE_GAP` apart or closer share at least one block, and two
    `SERIES_BLOCK` apart or more share none.

    Examples
    --------
    >>> numbered = numbered_addresses(pl.DataFrame({"value": ["devrocket033@outlook.com"]}))
    >>> series_blocks(numbered)["series"].to_list()
    ['devrocket[30-39]@outlook.com', 'devrocket[25-34]@outlook.com']
    """
    tilings = [
        numbered.with_columns(
            low=(pl.col("number") + offset) // SERIES_BLOCK * SERIES_BLOCK - offset
        )
        for offset in (0, SEQUENCE_GAP)
    ]
    series = pl.format(
        "{}[{}-{}]@{}",
        "stem",
        pl.max_horizontal("low", 0),
        pl.col("low") + SERIES_BLOCK - 1,
        "domain",
    )
    return pl.concat(tilings).with_columns(series=series).drop("low")


def stem_and_number(local: pl.Expr) -> dict[str, pl.Expr]:
    """An e-mail local part cut into ``stem`` and its running ``number`` (null without one).

    Examples
    --------
    >>> local = pl.col("local")
    >>> pl.DataFrame({"local": ["devrocket033", "ann"]}).select(**stem_and_number(local)).rows()
    [('devrocket', 33), (None, None)]
    """
    return {
        "stem": local.str.extract(r"^(.*?)[0-9]+$"),
        "number": local.str.extract(r"([0-9]+)$").cast(pl.Int64, strict=False),
    }


def _own_emails(observations: pl.DataFrame) -> pl.LazyFrame:
    """The e-mail sightings of the identities' own columns: an address the identifiers table
    lists beside an identity may be a colleague's or a referee's."""
    return observations.lazy().filter(
        (pl.col("kind") == "email") & (pl.col("source") != "identifiers")
    )


def _own_name_words(words: pl.DataFrame, column: str, case: Case) -> pl.DataFrame:
    """(contractor_id, ``column``) of ``words`` that are their identity's own name: a word
    that contains a part of the name (`MIN_NAME_PART` letters or more), or that the name
    written without spaces contains, in any of its `name.latin_forms` ("minjun.kim" for
    김민준)."""
    held = distinct_rows(words.select("contractor_id", column))
    people = case.tables["contractors"].join(held, on="contractor_id", how="semi")
    forms = name.latin_forms(people["contractor_id"], people["full_name"])
    return (
        held.lazy()
        # One join with the names, each split into its parts after: not one join per form.
        .join(forms.lazy(), on="contractor_id", how="left")
        .with_columns(
            own=pl.col("form").str.split(" "),
            whole=pl.col("form").str.replace_all(" ", ""),
        )
        .explode("own")
        .filter(
            (pl.col("own").str.len_chars() >= MIN_NAME_PART)
            & pl.col(column).str.contains(pl.col("own"), literal=True)
            | pl.col("whole").str.contains(pl.col(column), literal=True)
        )
        .select("contractor_id", column)
        .unique()
        .collect()
    )
