"""Building blocks shared by the flag families: results, refs, claims and shared values."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import polars as pl

from workbench.distinct import distinct_rows
from workbench.flags.context import FlagContext
from workbench.kinds import KINDS
from workbench.normalize.country import to_iso2
from workbench.normalize.ip import canonical as canonical_ip
from workbench.tables import ROW

#: Columns every `detect` function returns: one row per flagged identity.
RESULT_SCHEMA: dict[str, pl.DataType] = {
    "contractor_id": pl.String(),
    "evidence": pl.String(),
    "refs": pl.String(),
}

#: Row references kept per flag: enough to find the evidence, short enough to read.
MAX_REFS = 20

#: Identities named in one piece of evidence; the rest are counted, not listed.
MAX_NAMED = 5

#: Characters of an untrusted value quoted in evidence; longer values are cut.
MAX_QUOTE = 60


def empty_result() -> pl.DataFrame:
    """A result with no flagged identity.

    Examples
    --------
    >>> empty_result().columns
    ['contractor_id', 'evidence', 'refs']
    """
    return pl.DataFrame(schema=RESULT_SCHEMA)


def result(frame: pl.DataFrame) -> pl.DataFrame:
    """Select the result columns in order, one row per identity, sorted by id."""
    return (
        frame.select(RESULT_SCHEMA.keys())
        .cast(RESULT_SCHEMA)  # type: ignore[arg-type]
        .unique("contractor_id", keep="first")
        .sort("contractor_id")
    )


def refs(source: pl.Expr | str, row: pl.Expr | str = ROW) -> pl.Expr:
    """Aggregation: the first `MAX_REFS` distinct "table:row" references, ";"-joined.

    Examples
    --------
    >>> df = pl.DataFrame({"id": ["a", "a"], "source_row": [12, 4]})
    >>> df.group_by("id").agg(refs("logins"))["refs"].to_list()
    ['logins:4;logins:12']
    """
    rowx = pl.col(row) if isinstance(row, str) else row
    if isinstance(source, str):
        # One table: rows are deduplicated and ordered as numbers, and only the kept
        # ones are written out (a quarter less work over the millions of rows of a
        # large case's shared IP addresses).
        kept = rowx.unique().sort().head(MAX_REFS)
        return pl.format("{}:{}", pl.lit(source), kept).str.join(";").alias("refs")
    ref = pl.format("{}:{}", source, rowx)
    return (
        ref.sort_by([source, rowx]).unique(maintain_order=True).head(MAX_REFS).str.join(";")
    ).alias("refs")


def passing(
    frame: pl.DataFrame, keep: pl.Expr, *, among: pl.Expr | None = None, **counts: pl.Expr
) -> pl.DataFrame:
    """The rows of the identities whose per-identity ``counts`` satisfy ``keep``.

    Counting is cheap and most identities fail a flag's thresholds, so a flag
    counts first and builds its evidence (row references, details) only from
    the rows this returns. The counts come back as columns. When ``keep``
    needs at least one row matching ``among`` (a hit), identities without one
    are dropped before counting, which spares a group-by over every row.

    Examples
    --------
    >>> logins = pl.DataFrame({"contractor_id": ["a", "a", "b"], "vpn": [True, True, False]})
    >>> passing(logins, pl.col("hits") >= 2, among=pl.col("vpn"), hits=pl.col("vpn").sum()).rows()
    [('a', True, 2), ('a', True, 2)]
    """
    if among is not None:
        hit = frame.filter(among)["contractor_id"].unique()
        frame = frame.filter(pl.col("contractor_id").is_in(hit.implode()))
    stats = frame.group_by("contractor_id").agg(**counts).filter(keep)
    return frame.join(stats, on="contractor_id", maintain_order="left")


def values_where(
    frame: pl.DataFrame,
    column: str,
    keep: Callable[[pl.Expr], pl.Expr],
    *,
    case: Literal["lower", "upper"] = "lower",
) -> list[str]:
    """The distinct values of ``column`` whose trimmed text, in one ``case``, ``keep`` accepts.

    Feeds write a handful of payment methods, currencies, providers or IP
    types over millions of rows, so each distinct value is read once and the
    rows are then matched to the returned list with ``is_in``.

    Examples
    --------
    >>> payments = pl.DataFrame({"currency": [" usdt", "USD", "usdt", None]})
    >>> values_where(payments, "currency", lambda text: text == "USDT", case="upper")
    [' usdt', 'usdt']
    """
    # Distinct first: a category column holds few values, each cast to text once.
    values = frame.lazy().select(pl.col(column).unique().cast(pl.String)).drop_nulls()
    text = pl.col(column).str.strip_chars()
    text = text.str.to_lowercase() if case == "lower" else text.str.to_uppercase()
    return values.filter(keep(text)).collect()[column].sort().to_list()


def quote(expr: pl.Expr) -> pl.Expr:
    """An untrusted value cut to `MAX_QUOTE` characters for evidence text.

    Examples
    --------
    >>> pl.select(quote(pl.lit("x" * 70))).item()[-3:]
    'xx…'
    """
    return (
        pl.when(expr.str.len_chars() > MAX_QUOTE)
        .then(expr.str.slice(0, MAX_QUOTE - 1) + pl.lit("…"))
        .otherwise(expr)
    )


def squashed(text: pl.Expr | str) -> pl.Expr:
    """Text as lower-case letters and digits only, so that spellings of one name meet.

    Examples
    --------
    >>> pl.select(squashed(pl.lit("Chrome Remote-Desktop 1.2"))).item()
    'chromeremotedesktop12'
    """
    expr = pl.col(text) if isinstance(text, str) else text
    return expr.str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", "")


def words(text: pl.Expr | str) -> pl.Expr:
    """Text as lower-case words, one space apart: anything but letters and digits parts
    them, so that a phrase can be sought in it ("no mismatch", "freight forwarder").

    Examples
    --------
    >>> pl.select(words(pl.lit(" Freight_Forwarder (CN) "))).item()
    'freight forwarder cn'
    """
    expr = pl.col(text) if isinstance(text, str) else text
    return expr.str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars()


def plural(count: pl.Expr | str, word: str) -> pl.Expr:
    """`count` followed by `word`, with an "s" unless the count is one.

    Examples
    --------
    >>> pl.DataFrame({"n": [1, 3]}).select(plural("n", "login"))["n"].to_list()
    ['1 login', '3 logins']
    """
    n = pl.col(count) if isinstance(count, str) else count
    suffix = pl.when(n == 1).then(pl.lit("")).otherwise(pl.lit("s"))
    return pl.format("{} {}{}", n, pl.lit(word), suffix)


def claimed_countries(ctx: FlagContext) -> pl.DataFrame:
    """Each contractor's claimed country as ISO 3166 alpha-2 (rows without one dropped).

    Examples
    --------
    >>> ctx = FlagContext.build(contractors={"contractor_id": ["a", "b"], "country": ["US", None]})
    >>> claimed_countries(ctx).rows()
    [('a', 'US', 1)]
    """
    people = ctx.table("contractors").select("contractor_id", "country", ROW)
    return (
        people.with_columns(claimed=to_iso2(people["country"]))
        .filter(pl.col("claimed").is_not_null())
        .select("contractor_id", "claimed", pl.col(ROW).alias("claimed_row"))
    )


#: The login columns that location flags read.
LOGIN_COLUMNS = ("contractor_id", "ts", "ip", "country", ROW)


def login_countries(ctx: FlagContext) -> pl.DataFrame:
    """Logins (`LOGIN_COLUMNS`) with `country` mapped to ISO alpha-2 (null when unknown),
    as a categorical.

    One row per login, in the logins table's order, so that a mask over the
    logins (`through_personal_ip`) lines up with it. A categorical holds 4
    bytes a login where text holds 16, in every frame the location flags make
    of 15M logins in a large case; it compares with text and sorts as text
    does, but a join on it wants a categorical on the other side.

    Examples
    --------
    >>> ctx = FlagContext.build(logins={"contractor_id": ["a"], "country": ["Japan"]})
    >>> login_countries(ctx)["country"].to_list()
    ['JP']
    """

    def compute() -> pl.DataFrame:
        logins = ctx.table("logins").select(LOGIN_COLUMNS)
        country = to_iso2(logins["country"]).cast(pl.Categorical)
        return logins.with_columns(country)

    return ctx.derived("login_countries", compute, reads_hubs=False)


def through_personal_ip(ctx: FlagContext) -> pl.Series:
    """Whether each login, in the logins table's order, came through no hub IP.

    A login whose IP is missing or unreadable counts as personal: only a known
    hub sets a login aside. A corporate VPN exit geolocates to the company's
    country, not the worker's, so the flags that read where a worker is filter
    logins by this. It is a mask, not a filtered copy of the logins: each flag
    filters once, with its own conditions beside it.

    Examples
    --------
    >>> ctx = FlagContext.build(logins={"contractor_id": ["a", "a"], "ip": ["9.9.9.9", "1.1.1.1"],
    ...     "country": ["United States", "Japan"]},
    ...     observations={"contractor_id": ["a", "a"], "kind": ["ip", "ip"],
    ...         "value": ["9.9.9.9", "1.1.1.1"], "raw": ["9.9.9.9", "1.1.1.1"],
    ...         "source": ["logins", "logins"]},
    ...     hubs={"kind": ["ip"], "value": ["9.9.9.9"], "identities": [800]})
    >>> login_countries(ctx).filter(through_personal_ip(ctx))["country"].to_list()
    ['JP']
    """

    def compute() -> pl.DataFrame:
        hubs = ctx.hubs.filter(pl.col("kind") == "ip")["value"].implode()
        addresses = ip_addresses(ctx, "logins", "ip")
        return pl.DataFrame({"personal": ~addresses.is_in(hubs).fill_null(False)})

    return ctx.derived("through_personal_ip", compute)["personal"]


#: What most flags read of a sighting: who holds which value of which kind, and the row
#: it was seen in (for the evidence's references).
HELD_COLUMNS = ("contractor_id", "kind", "value", "source", ROW)


def sightings(
    ctx: FlagContext,
    kind: str,
    source: str | None = None,
    *,
    columns: Sequence[str] | None = None,
    holders: pl.Series | None = None,
) -> pl.DataFrame:
    """Observations of one kind (optionally from one table), hub values removed: only
    their ``columns``, and only those of the contractor ids ``holders``, when given.

    The filter copies every column of every row it keeps, of millions of
    sightings in a large case, so a flag that reads a few columns or a few
    identities' sightings names them.

    Examples
    --------
    >>> ctx = FlagContext.build(
    ...     observations={"contractor_id": ["a", "b"], "kind": ["ip", "ip"], "value": ["1", "2"]},
    ...     hubs={"kind": ["ip"], "value": ["2"], "identities": [900]})
    >>> sightings(ctx, "ip").select("contractor_id", "value").rows()
    [('a', '1')]
    >>> sightings(ctx, "ip", columns=["contractor_id"]).columns
    ['contractor_id']
    >>> sightings(ctx, "ip", holders=pl.Series(["b"])).height
    0
    """
    obs = ctx.observations
    if columns is not None:
        obs = obs.select(*dict.fromkeys([*columns, "kind", "source", "value"]))
    hubs = ctx.hubs.filter(pl.col("kind") == kind)["value"]
    # One filter, one copy. Hubs are set aside by a filter, not an anti-join: they
    # are few and the sightings keep their order.
    kept = obs.filter(
        pl.col("kind") == kind,
        pl.lit(True) if source is None else pl.col("source") == source,
        pl.lit(True) if holders is None else pl.col("contractor_id").is_in(holders.implode()),
        ~pl.col("value").is_in(hubs.implode()).fill_null(False),
    )
    return kept if columns is None else kept.select(columns)


def shared_by_several(ctx: FlagContext, kind: str, source: str | None = None) -> pl.DataFrame:
    """The non-hub values of `kind` (one column, `value`) seen for two or more identities.

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a", "b", "a"],
    ...     "kind": ["ip"] * 3, "value": ["1.1.1.1", "1.1.1.1", "2.2.2.2"]})
    >>> shared_by_several(ctx, "ip")["value"].to_list()
    ['1.1.1.1']
    """
    return (
        sightings(ctx, kind, source, columns=["contractor_id", "value"])
        .group_by("value")
        .agg(pl.col("contractor_id").n_unique().alias("identities"))
        .filter(pl.col("identities") >= 2)
        .select("value")
    )


def with_canonical(ctx: FlagContext, table: str, column: str, kind: str) -> pl.DataFrame:
    """A table with `canonical`: the observed canonical value of each row's `column`.

    Observations collapse repeated sightings to one row per identity and raw
    value, so rows are matched back on (contractor_id, raw), or on the raw
    value alone for a kind read from its text alone (no `Source.context`),
    which has one canonical form whoever gave it; a value the normaliser
    rejected (placeholder, invalid) gets null.

    Examples
    --------
    >>> ctx = FlagContext.build(logins={"contractor_id": ["a", "a"], "ip": ["1.1.1.1 ", "n/a"]},
    ...     observations={"contractor_id": ["a"], "kind": ["ip"], "value": ["1.1.1.1"],
    ...                   "raw": ["1.1.1.1 "], "source": ["logins"]})
    >>> with_canonical(ctx, "logins", "ip", "ip")["canonical"].to_list()
    ['1.1.1.1', None]
    """

    by_text = not any(source.context for source in KINDS[kind].sources)
    keys = [column] if by_text else ["contractor_id", column]

    def compute() -> pl.DataFrame:
        seen = distinct_rows(
            ctx.observations.filter(pl.col("kind") == kind, pl.col("source") == table).select(
                "contractor_id", pl.col("raw").alias(column), canonical="value"
            ),
            keys,
        )
        rows = ctx.table(table)
        if by_text:  # a lookup per row, cheaper than a join that keeps the rows' order
            canonical = rows[column].replace_strict(
                seen[column], seen["canonical"], default=None, return_dtype=pl.String
            )
        else:
            canonical = rows.select(keys).join(
                seen.select(*keys, "canonical"), on=keys, how="left", maintain_order="left"
            )["canonical"]
        # Attached as a column, the table's other columns are shared, not copied.
        return rows.with_columns(canonical.alias("canonical"))

    return ctx.derived(f"canonical:{table}:{column}:{kind}", compute, reads_hubs=False)


def ip_addresses(ctx: FlagContext, table: str, column: str) -> pl.Series:
    """Each row's IP address as the normaliser reads it, in the table's order; null for
    text it rejects (a placeholder such as "unknown", a loopback, an octet past 255), which
    is never compared as text.

    The address is the row's observed canonical value (`with_canonical`); a row
    that no sighting covers (a context built without observations) is read by
    the normaliser itself, so both give one answer.

    Examples
    --------
    >>> ctx = FlagContext.build(logins={"contractor_id": ["a"] * 3,
    ...     "ip": ["175.45.176.12:51234", "unknown", "1.2.3.300"]})
    >>> ip_addresses(ctx, "logins", "ip").to_list()
    ['175.45.176.12', None, None]
    """

    def compute() -> pl.DataFrame:
        rows = with_canonical(ctx, table, column, "ip")
        unseen = rows.filter(pl.col("canonical").is_null())[column].drop_nulls().unique()
        read = canonical_ip(unseen)
        if read.null_count() == read.len():  # in a run: the values the normaliser rejected
            return rows.select(address="canonical")
        given = pl.col(column).replace_strict(unseen, read, default=None)
        return rows.select(address=pl.coalesce("canonical", given))

    return ctx.derived(f"ip_addresses:{table}:{column}", compute, reads_hubs=False)["address"]


def shared_values(
    ctx: FlagContext,
    kind: str,
    *,
    label: str,
    min_identities: int = 2,
    source: str | None = None,
) -> pl.DataFrame:
    """Flag identities that share a non-hub value of `kind` with other identities.

    Parameters
    ----------
    ctx : the flag context.
    kind : observation kind to compare (e.g. "device").
    label : words naming the value in evidence (e.g. "device").
    min_identities : distinct identities a value needs before it counts as shared.
    source : only sightings from this table, when given.

    Returns
    -------
    A flag result (contractor_id, evidence, refs).

    Examples
    --------
    >>> ctx = FlagContext.build(observations={
    ...     "contractor_id": ["a", "b", "c"], "kind": ["device"] * 3, "value": ["d1", "d1", "d2"],
    ...     "source": ["logins"] * 3})
    >>> shared_values(ctx, "device", label="device")["evidence"].to_list()
    ['device d1 shared with 1 other identity (b)', 'device d1 shared with 1 other identity (a)']
    """
    obs = sightings(ctx, kind, source, columns=["contractor_id", "value", "source", ROW])
    # Each identity names at most `MAX_NAMED` others, so a value keeps its first
    # ids only: one more than that, in case the identity is among them.
    # Most values have one holder: they are counted, and only the shared ones listed.
    counts = (
        obs.lazy()
        .group_by("value")
        .agg(identities=pl.col("contractor_id").n_unique())
        .filter(pl.col("identities") >= min_identities)
        .collect()
    )
    if counts.is_empty():
        return empty_result()
    hits = obs.join(counts, on="value", how="semi")
    values = (
        hits.group_by("value")
        .agg(first_ids=pl.col("contractor_id").unique().sort().head(MAX_NAMED + 1))
        .join(counts, on="value")
    )
    per_value = (
        hits.group_by("contractor_id", "value")
        .agg(refs(pl.col("source")))
        .join(values, on="value")
        .with_columns(
            others=pl.col("first_ids").list.set_difference(pl.concat_list(pl.col("contractor_id"))),
            n_others=pl.col("identities") - 1,
        )
        .with_columns(named=pl.col("others").list.sort().list.head(MAX_NAMED).list.join(", "))
        .with_columns(
            text=pl.format(
                "{} {} shared with {} other {} ({}{})",
                pl.lit(label),
                quote(pl.col("value")),
                pl.col("n_others"),
                pl.when(pl.col("n_others") == 1)
                .then(pl.lit("identity"))
                .otherwise(pl.lit("identities")),
                pl.col("named"),
                pl.when(pl.col("n_others") > MAX_NAMED).then(pl.lit(", …")).otherwise(pl.lit("")),
            )
        )
    )
    return result(
        per_value.sort("contractor_id", "value")
        .group_by("contractor_id", maintain_order=True)
        .agg(
            evidence=pl.col("text").head(3).str.join("; "),
            refs=pl.col("refs").str.join(";").str.split(";").list.head(MAX_REFS).list.join(";"),
        )
        .sort(pl.col("contractor_id"), maintain_order=True)
        .select("contractor_id", "evidence", "refs")
    )


def consecutive_pairs(frame: pl.DataFrame, *, group: str, order: Sequence[str]) -> pl.DataFrame:
    """Each row next to the previous row of its group (sorted by the `order` columns).

    End `order` with a unique column (the source row) so that ties, such as two
    logins in one second, pair up the same way on every run.

    Adds `prev_<col>` for every column. A pair of rows of two different identities
    within a gap exists in a group iff some *consecutive* pair of different identities
    within that gap exists, so scanning neighbours finds them without all pairs.

    Examples
    --------
    >>> df = pl.DataFrame({"g": [1, 1, 2], "t": [5, 3, 1], "id": ["a", "b", "c"]})
    >>> consecutive_pairs(df, group="g", order=["t"]).select("id", "prev_id").rows()
    [('a', 'b')]
    """
    ordered = frame.sort(group, *order)
    prev = ordered.select(pl.all().shift(1).name.prefix("prev_"))
    return pl.concat([ordered, prev], how="horizontal").filter(
        pl.col(group) == pl.col(f"prev_{group}")
    )


def referral_edges(ctx: FlagContext) -> pl.DataFrame:
    """Each referral seen from both of its ends: contractor_id, partner, role, row.

    Examples
    --------
    >>> ctx = FlagContext.build(referrals={"referrer_id": ["a"], "contractor_id": ["b"]})
    >>> referral_edges(ctx).rows()
    [('b', 'a', 'referred by', 1), ('a', 'b', 'referred', 1)]
    """
    referrals = ctx.table("referrals").filter(
        pl.col("referrer_id").is_not_null(), pl.col("contractor_id").is_not_null()
    )
    return pl.concat(
        [
            referrals.select(
                "contractor_id", partner="referrer_id", role=pl.lit("referred by"), row=ROW
            ),
            referrals.select(
                contractor_id="referrer_id",
                partner="contractor_id",
                role=pl.lit("referred"),
                row=ROW,
            ),
        ]
    ).filter(pl.col("contractor_id") != pl.col("partner"))
