"""Turn every identifier in every table into one long, normalised table of sightings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl

from workbench.case import Case
from workbench.kinds import KINDS, Kind, Source, generic, kind_for
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

#: A template token shorter than this is too common to tie anyone ("dev", "it").
TEMPLATE_MIN_TOKEN = 4

#: Parts of a name shorter than this ("li", "o") are not looked for inside e-mail tokens.
MIN_NAME_PART = 3


@dataclass(frozen=True)
class Observed:
    """The sightings a case yields: usable ones normalised, and the values that were not."""

    observations: pl.DataFrame
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
    return observe_all(case, kinds).observations


def observe_all(case: Case, kinds: Mapping[str, Kind] = KINDS) -> Observed:
    """`observe`, plus every value that could not be used and why (`UNUSABLE_SCHEMA`).

    Nothing a case holds vanishes: a placeholder ("n/a", 000-000-0000) or a
    value no normaliser can read (an e-mail without a domain, a phone of four
    digits) is listed with its table, first row, column and a reason.

    Examples
    --------
    >>> from workbench.case import load_case
    >>> unusable = observe_all(load_case("sample_data/demo_case")).unusable
    >>> unusable.columns
    ['table', 'row', 'column', 'kind', 'value', 'reason']
    """
    collapsed = pl.concat(
        [pl.DataFrame(schema=SIGHTING_SCHEMA), *_sightings(case, kinds)], how="diagonal_relaxed"
    )
    parts, unread = _normalise(collapsed, kinds)
    none = pl.DataFrame(schema=OBSERVATION_SCHEMA)
    templates = email_templates(parts.get("email", none), case).select(none.columns)
    parts["email_template"] = _in_order(pl.concat([parts.get("email_template", none), templates]))
    # One contiguous frame: later stages group and join it many times.
    observations = pl.concat([none, *(parts[kind] for kind in sorted(parts))], rechunk=True)
    return Observed(observations, _unusable(unread, kinds))


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
    from_shipments = observations.filter(pl.col("kind") == kind, pl.col("source") == "shipments")
    return from_shipments.join(replaced, on=["contractor_id", "raw"], how="anti")


def _unusable(unread: pl.DataFrame, kinds: Mapping[str, Kind]) -> pl.DataFrame:
    """Sightings whose value normalised to nothing, with their column and the reason."""
    labels = {k: kind_for(k, kinds).label for k in unread["kind"].unique().to_list()}
    placeholder = placeholders.is_placeholder(unread["value"])
    return (
        unread.with_columns(placeholder=placeholder)
        .with_columns(
            reason=pl.when("placeholder")
            .then(pl.lit("a placeholder: it stands for no value"))
            .otherwise(
                pl.format("unreadable as {}", pl.col("kind").replace_strict(labels, default=None))
            ),
        )
        .select(UNUSABLE_SCHEMA.names())
        .cast(UNUSABLE_SCHEMA)
        .sort("table", "row", "column", "value")
    )


def _in_order(part: pl.DataFrame) -> pl.DataFrame:
    """Sightings of one kind with the observation columns, sorted (the kind is constant)."""
    return (
        part.select(OBSERVATION_SCHEMA.names())
        .cast(OBSERVATION_SCHEMA)
        .sort("contractor_id", "value", "source", "source_row", "raw")
    )


#: Context columns a source may ask for, computed from the rows of its table.
CONTEXT: dict[str, Callable[[pl.DataFrame], pl.Series]] = {
    "region": lambda rows: country.to_iso2(rows["country"]),
    "method": lambda rows: rows["method"],
}


def _sightings(case: Case, kinds: Mapping[str, Kind]) -> list[pl.DataFrame]:
    """Collapsed raw sightings per table: one row per identity, kind and raw value.

    Every declared source column is read the same way, and the columns of one
    table that yield one kind (a shipment's address and the address it
    replaced) are collapsed together; only foreign payees and the identifiers
    table have rules of their own. Columns: contractor_id, kind, raw, source,
    column and source_row (of the first row), seen_at (the earliest), sightings
    (how many rows), and region and method where a source asks for them.
    """
    tables = {
        table: frame.with_columns(seen_at=_seen_at(table)) for table, frame in case.tables.items()
    }
    columns: dict[tuple[str, str], list[pl.DataFrame]] = {}
    for key, kind in kinds.items():
        for source in kind.sources:
            columns.setdefault((key, source.table), []).append(
                _column(tables[source.table], source)
            )
    found = [
        _collapse(pl.concat(selected, how="diagonal_relaxed"), table, []).with_columns(
            kind=pl.lit(key)
        )
        for (key, table), selected in columns.items()
    ]
    found.append(_foreign_payees(tables["payments"], tables["contractors"]))
    identifiers = tables["identifiers"].select(
        "contractor_id",
        pl.col("kind").str.strip_chars().str.to_lowercase(),
        pl.col("value").str.strip_chars().alias("raw"),
        ROW,
        "seen_at",
        column=pl.lit("value"),
    )
    found.append(_collapse(identifiers, "identifiers", ["kind"]))
    return [f for f in found if f.height]


def _seen_at(table: str) -> pl.Expr:
    """When a row of ``table`` was seen, as a UTC time (null where the table has no date)."""
    column = TABLES[table].seen_at
    if column is None:
        return pl.lit(None, dtype=pl.Datetime("us", "UTC"))
    moment = pl.col(column)
    if TABLES[table].column(column).type == "date":
        moment = moment.cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
    return moment


def _column(frame: pl.DataFrame, source: Source) -> pl.DataFrame:
    """Sightings from one declared source column: one row per table row and value."""
    values = _split(pl.col(source.column), source.separators) if source.multi_valued else None
    context = [CONTEXT[name](frame).alias(name) for name in source.context]
    raw = pl.col(source.column) if values is None else values
    selected = frame.select("contractor_id", raw.alias("raw"), ROW, "seen_at", *context)
    if source.multi_valued:
        # Each value of a list, trimmed of the quotes a JSON array puts around it.
        selected = selected.explode("raw").with_columns(pl.col("raw").str.strip_chars(" \t\"'"))
    return selected.with_columns(pl.col("raw").str.strip_chars(), column=pl.lit(source.column))


def _split(text: pl.Expr, separators: tuple[str, ...]) -> pl.Expr:
    """A multi-valued cell as a list: a JSON array's brackets dropped, any separator splitting."""
    text = text.str.strip_chars()
    listed = text.str.starts_with("[") & text.str.ends_with("]")
    text = pl.when(listed).then(text.str.slice(1, text.str.len_chars() - 2)).otherwise(text)
    for other in separators[1:]:
        text = text.str.replace_all(other, separators[0], literal=True)
    return text.str.split(separators[0])


def _collapse(selected: pl.DataFrame, source: str, keys: list[str]) -> pl.DataFrame:
    """One row per identity and raw value (and ``keys``): first row and its column,
    earliest time, count.

    Region and method are taken as their least value, so the result does not
    depend on row order.
    """
    extra = [pl.col(c).min() for c in ("region", "method") if c in selected.columns]
    return (
        selected.filter(pl.col("raw").is_not_null() & (pl.col("raw") != ""))
        .group_by("contractor_id", *keys, "raw")
        .agg(
            pl.col("column").get(pl.col(ROW).arg_min()),
            pl.col(ROW).min(),
            pl.col("seen_at").min(),
            pl.len().cast(pl.UInt32).alias("sightings"),
            *extra,
        )
        .with_columns(source=pl.lit(source))
    )


def _foreign_payees(payments: pl.DataFrame, contractors: pl.DataFrame) -> pl.DataFrame:
    """Payee names that are not the contractor's own: a facilitator paid for several identities."""
    named = payments.filter(pl.col("account_holder").is_not_null()).join(
        contractors.select("contractor_id", "full_name"), on="contractor_id", how="left"
    )
    pairs = named.select("account_holder", "full_name").unique()
    pairs = pairs.with_columns(
        own=name.similar(pairs["account_holder"], pairs["full_name"].fill_null(""))
    )
    foreign = named.join(pairs, on=["account_holder", "full_name"], how="left", nulls_equal=True)
    foreign = foreign.filter(~pl.col("own").fill_null(False))
    selected = _column(foreign, Source(table="payments", column="account_holder"))
    return _collapse(selected, "payments", []).with_columns(kind=pl.lit("account_holder"))


def _normalise(
    collapsed: pl.DataFrame, kinds: Mapping[str, Kind]
) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """Canonical values for every kind, two kinds at a time: kind → sorted sightings,
    and the sightings no normaliser could read (table, row, kind, value).

    Normalisers are mostly polars work, which releases the GIL, so a second
    thread keeps the other core busy; each kind is sorted on its thread too.
    The kinds with the most sightings start first, so that the last one to
    finish is a small one rather than the payment accounts.
    """
    declared = pl.col("kind").is_in(list(kinds))
    groups = sorted(
        collapsed.filter(declared).partition_by("kind", as_dict=True).items(),
        key=lambda item: -item[1].height,
    )
    with ThreadPoolExecutor(max_workers=NORMALISER_THREADS) as pool:
        results = list(
            pool.map(lambda item: _normalise_kind(str(item[0][0]), item[1], kinds), groups)
        )
    results.append(_normalise_new_kinds(collapsed.filter(~declared)))
    parts = {kind: part for kind_parts, _ in results for kind, part in kind_parts.items()}
    unread = pl.concat([pl.DataFrame(schema=_UNREAD_SCHEMA), *(u for _, u in results)])
    return parts, unread


def _normalise_new_kinds(
    sightings: pl.DataFrame,
) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """`_normalise_kind` for every kind the registry does not know, in one pass: they share
    one normaliser (`workbench.kinds.generic`), and a case may name thousands of them."""
    valued = sightings.with_columns(value=generic(sightings["raw"]))
    usable = valued.filter(pl.col("value").is_not_null())
    parts = {
        str(kind): part.sort("contractor_id", "value", "source", "source_row", "raw")
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
    name: str, sightings: pl.DataFrame, kinds: Mapping[str, Kind]
) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """Sightings of one kind with their canonical values, plus those of its derived kinds,
    and the sightings of the kind itself that normalised to nothing."""
    valued = sightings.with_columns(value=kind_for(name, kinds).normalize(sightings))
    parts = {name: _in_order(valued.filter(pl.col("value").is_not_null()))}
    for child_name, child in kinds.items():
        if child.derived_from == name:
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
    emails = observations.filter((pl.col("kind") == "email") & (pl.col("source") != "identifiers"))
    people = case.tables["contractors"]
    own_names = people.select(
        "contractor_id", own=name.canonical(people["full_name"]).str.split(" ")
    ).explode("own")
    whole_names = people.select(
        "contractor_id", whole=name.canonical(people["full_name"]).str.replace_all(" ", "")
    )
    local = pl.col("value").str.split("@").list.first()
    tokens = (
        emails.filter(local.str.contains(r"\d"))
        .with_columns(token=local.str.replace_all(r"\d+", " ").str.extract_all(r"[a-z]+"))
        .explode("token")
        .filter(pl.col("token").str.len_chars() >= TEMPLATE_MIN_TOKEN)
    )
    named = (
        tokens.select("contractor_id", "token")
        .unique()
        .join(own_names, on="contractor_id", how="left")
        .join(whole_names, on="contractor_id", how="left")
        .filter(
            (pl.col("own").str.len_chars() >= MIN_NAME_PART)
            & pl.col("token").str.contains(pl.col("own"), literal=True)
            | pl.col("whole").str.contains(pl.col("token"), literal=True)
        )
        .select("contractor_id", "token")
        .unique()
    )
    return (
        tokens.join(named, on=["contractor_id", "token"], how="anti")
        .with_columns(kind=pl.lit("email_template"), value=pl.col("token") + "#")
        .drop("token")
    )
