"""Find identities by whatever an analyst has in hand: an identifier in any format, an id, a name.

A query is read the way each searchable kind reads a value (`workbench.kinds`):
a phone becomes E.164 under every region the case's identities claim, an
e-mail is folded as e-mails are, an address becomes a dwelling key and is
matched with the case's own spellings of that dwelling, and so on. An identity
holding a value the query reads as is an *exact* hit; one whose address key
holds every word of the query's is a *partial* hit; one whose value as written
or normalised, name or contractor id merely contains the query's text is a
*text* hit. Every hit names the identity's ring, or none: for an identity
in no ring, `Investigation.profiles` and `Investigation.neighbourhood` give its
profile and its ties.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import polars as pl

from workbench.case_tables import TableHandle, as_case_tables, as_handle
from workbench.coerce import canonical_ids
from workbench.kinds import KINDS, Kind, kind_for
from workbench.normalize import address, address_match, name
from workbench.observe import CONTEXT

#: Columns of a search's hits.
HIT_SCHEMA = pl.Schema(
    {
        "contractor_id": pl.String(),
        "full_name": pl.String(),
        "kind": pl.String(),
        "written": pl.String(),
        "value": pl.String(),
        "match": pl.String(),
        "ring_id": pl.String(),
        "risk_score": pl.Float64(),
    }
)

#: How a hit was found, best first: the query reads as the value; as part of it (an
#: address's key holds every word of the query's); or the text merely contains it.
EXACT, PARTIAL, TEXT = "exact", "partial", "text"
MATCHES = (EXACT, PARTIAL, TEXT)

#: Shorter queries only hit whole values: two letters are inside thousands of them.
MIN_TEXT_QUERY = 3

#: The kinds of a hit on the contractors table itself rather than on an identifier.
NAME_KIND = "full_name"
ID_KIND = "contractor_id"

#: The dwelling kind: the case merges alike spellings of one address into one key,
#: so a query is matched with the spellings it would have been merged with (`dwelling_hits`).
DWELLING_KIND = "address"

_NUMBER_WORD = re.compile(r"\b[a-z]*\d[a-z0-9]*\b")


def searched_kinds(observed: Iterable[str], kinds: Mapping[str, Kind] = KINDS) -> list[str]:
    """The kinds a search looks in: those the registry marks searchable, and any kind a case
    brings that the registry does not declare (a badge number from the identifiers table).

    Examples
    --------
    >>> searched_kinds(["phone", "ip_net", "badge", "photo_hash"])
    ['badge', 'phone']
    """
    return sorted({k for k in observed if k not in kinds or kind_for(k, kinds).searchable})


def readings(
    query: str,
    tables: Mapping[str, pl.DataFrame],
    kinds_searched: Iterable[str],
    kinds: Mapping[str, Kind] = KINDS,
) -> pl.DataFrame:
    """Every canonical value ``query`` reads as, one per kind that can read it.

    A kind whose normaliser reads a context (a phone's region, an account's
    payment method) reads the query without one and with each context the
    case holds, so "090-1293-6994" reads as a Japanese number in a case with
    Japanese identities.

    Parameters
    ----------
    query : the text typed.
    tables : the case tables (the contexts are read from them).
    kinds_searched : the identifier kinds to read the query as (see `searched_kinds`).
    kinds : the kind registry.

    Returns
    -------
    kind, value: the distinct readings, names and contractor ids included.

    Examples
    --------
    >>> from workbench.case import load_case
    >>> tables = load_case("sample_data/demo_case").tables
    >>> found = readings("090-1293-6994", tables, ["phone", "email"])
    >>> "+819012936994" in found.filter(pl.col("kind") == "phone")["value"].to_list()
    True
    """
    found = [
        pl.DataFrame(
            {
                "kind": [NAME_KIND, ID_KIND],
                "value": [
                    name.canonical(pl.Series([query]))[0],
                    pl.select(canonical_ids(pl.lit(query))).item(),
                ],
            },
            schema={"kind": pl.String, "value": pl.String},
        )
    ]
    for key in kinds_searched:
        kind = kind_for(key, kinds)
        sightings = _with_contexts(query, kind, tables)
        # Each reading alone: merged, a query's readings in every context would be one.
        read = kind.spellings.key if kind.spellings else kind.normalize
        found.append(sightings.select(kind=pl.lit(key), value=read(sightings)))
    return pl.concat(found).drop_nulls().unique().sort("kind", "value")


def _with_contexts(query: str, kind: Kind, tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """The query as sightings of a kind: with no context, and with each context the case holds."""
    sightings = pl.DataFrame({"raw": [query]})
    for source in kind.sources:
        for context in source.context:
            if context in sightings.columns:
                continue
            column, read = CONTEXT[context]
            # The distinct values of the column alone: a table an engine holds stays there.
            written = as_case_tables(tables).handle(source.table).distinct(column)
            held = read(written).drop_nulls().unique().sort()
            options = pl.concat([pl.Series([None], dtype=pl.String), held.cast(pl.String)])
            sightings = sightings.join(options.alias(context).to_frame(), how="cross")
    missing = [c for c in ("region", "method", "value") if c not in sightings.columns]
    return sightings.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in missing)


def dwelling_hits(query: str, addresses: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``addresses`` at the query's dwelling (exact) or inside its words (partial).

    Spellings that share every number of the query's key (house number,
    postcode, unit) are read together with the query, as the case reads its
    own (`workbench.normalize.address_match.dwelling_key`), and those given the
    query's key are exact hits: a typo still finds the address. A key holding
    every word of the query's key is a partial hit: "8258 Prospect Ave Apt 173,
    Columbus" finds the line that also names the state and the postcode.

    Parameters
    ----------
    query : the text typed.
    addresses : candidate rows with ``written`` (the address as written) and
        ``value`` (its dwelling key).

    Returns
    -------
    The rows of ``addresses`` found, with ``match`` ("exact" or "partial").

    Examples
    --------
    >>> held = pl.DataFrame({"written": ["9 Maple Dr, Tampa FL 33669", "9 Oak Dr, Tampa FL 33669"],
    ...                      "value": ["33669 9 dr fl maple tampa", "33669 9 dr fl oak tampa"]})
    >>> dwelling_hits("9 Mapel Drive, FL 33669", held).rows()
    [('9 Maple Dr, Tampa FL 33669', '33669 9 dr fl maple tampa', 'exact')]
    >>> dwelling_hits("9 oak drive, tampa", held)["match"].to_list()
    ['partial']
    """
    key = address.unit_key(pl.Series([query], dtype=pl.String))[0]
    if key is None:
        return addresses.clear().with_columns(match=pl.lit(None, dtype=pl.String))
    words = pl.col("value").str.split(" ")
    near = addresses.filter(
        pl.all_horizontal(words.list.contains(n) for n in _NUMBER_WORD.findall(key))
    )
    spellings = near["written"].unique().sort()
    keys = address_match.dwelling_key(pl.concat([pl.Series([query]), spellings]))
    alike = spellings.filter(keys.slice(1) == keys[0])
    within = near.filter(pl.all_horizontal(words.list.contains(w) for w in key.split(" ")))
    return pl.concat(
        [
            near.filter(pl.col("written").is_in(alike.implode())).with_columns(match=pl.lit(EXACT)),
            within.with_columns(match=pl.lit(PARTIAL)),
        ]
    )


def search(
    query: str,
    *,
    sightings: pl.DataFrame | TableHandle,
    tables: Mapping[str, pl.DataFrame],
    scored: pl.DataFrame,
    kinds: Mapping[str, Kind] = KINDS,
) -> pl.DataFrame:
    """Every identity the query finds, by an identifier in any format, a name or a contractor id.

    Only the sightings the query may find are read (`_candidates`): where an
    engine holds them, the rest stay there.

    Parameters
    ----------
    query : the text typed: a phone, e-mail, address, account, device, IP,
        GitHub handle, name or contractor id, in any format, or a piece of one.
    sightings : every identifier sighting (`workbench.observe`): a frame, or a
        `TableHandle` on them.
    tables : the case tables (names, ids, and the contexts identifiers are read in).
    scored : contractor_id, ring_id (null when in none), risk_score.
    kinds : the kind registry.

    Returns
    -------
    `HIT_SCHEMA`: one row per identity and value found (its kind, how it was
    written, its normalised value), how it matched (`MATCHES`), the identity's
    ring and risk; exact hits first, then the riskiest.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> hits = search("310.810.1979", sightings=inv.sightings, tables=inv.case.tables,
    ...               scored=inv.scored)
    >>> hits.select("contractor_id", "kind", "written", "match").row(0)
    ('C001719', 'phone', '+1 (310) 810-1979', 'exact')
    """
    text = query.strip()
    if not text:
        return pl.DataFrame(schema=HIT_SCHEMA)
    handle = as_handle(sightings)
    kinds_searched = searched_kinds(handle.distinct("kind").to_list(), kinds)
    read_as = readings(text, tables, kinds_searched, kinds)
    candidates = handle.rows_where(_candidates(text, read_as, kinds_searched))
    people = as_case_tables(tables).handle("contractors")
    named = people.rows_where(_named(text, read_as))
    held = _searchable_values(candidates, named, kinds_searched)
    exact = held.join(read_as, on=["kind", "value"])
    found = [
        exact.with_columns(match=pl.lit(EXACT)),
        dwelling_hits(text, held.filter(pl.col("kind") == DWELLING_KIND)),
    ]
    containing = _containing(text, (pl.col("written"), pl.col("value")))
    if containing:
        found.append(held.filter(pl.any_horizontal(containing)).with_columns(match=pl.lit(TEXT)))
    rank = pl.col("match").replace_strict(MATCHES, list(range(len(MATCHES))), return_dtype=pl.Int8)
    hits = (
        pl.concat(found)
        .sort(rank)
        .unique(["contractor_id", "kind", "written", "value"], keep="first", maintain_order=True)
    )
    names = people.rows_of(hits["contractor_id"].unique()).select("contractor_id", "full_name")
    return (
        hits.join(names, on="contractor_id", how="left")
        .join(
            scored.select("contractor_id", "ring_id", "risk_score"), on="contractor_id", how="left"
        )
        .sort(
            [rank, pl.col("risk_score"), "contractor_id", "kind", "written", "value"],
            descending=[False, True, False, False, False, False],
            nulls_last=True,
        )
        .select(HIT_SCHEMA.names())
        .cast(HIT_SCHEMA)
    )


def _candidates(text: str, read_as: pl.DataFrame, kinds_searched: list[str]) -> pl.Expr:
    """The sightings a search for ``text`` may find, as a predicate: those of a searched kind
    that hold a value the query reads as (``read_as``), those at a dwelling whose key holds
    the numbers of the query's (`dwelling_hits` reads no other), and, for a query long
    enough, those whose text contains the query's.

    Examples
    --------
    >>> obs = pl.DataFrame({"kind": ["phone", "phone", "address"],
    ...     "raw": ["555-0100", "555-0199", "9 Elm St, 02139"],
    ...     "value": ["+15550100", "+15550199", "02139 9 elm st"]})
    >>> read_as = pl.DataFrame({"kind": ["phone"], "value": ["+15550100"]})
    >>> obs.filter(_candidates("555-0100", read_as, ["address", "phone"]))["raw"].to_list()
    ['555-0100']
    >>> obs.filter(_candidates("9 elm", read_as.clear(), ["address", "phone"]))["raw"].to_list()
    ['9 Elm St, 02139']
    """
    wanted = [
        (pl.col("kind") == kind) & pl.col("value").is_in(_values_read(read_as, kind))
        for kind in read_as["kind"].unique()
    ]
    key = address.unit_key(pl.Series([text], dtype=pl.String))[0]
    if DWELLING_KIND in kinds_searched and key is not None:
        words = pl.col("value").str.split(" ")
        numbers = (words.list.contains(n) for n in _NUMBER_WORD.findall(key))
        wanted.append((pl.col("kind") == DWELLING_KIND) & pl.all_horizontal(True, *numbers))
    wanted += _containing(text, (pl.col("raw"), pl.col("value")))
    return pl.col("kind").is_in(kinds_searched) & pl.any_horizontal(False, *wanted)


def _named(text: str, read_as: pl.DataFrame) -> pl.Expr:
    """The contractors rows a search for ``text`` may find by name or id, as a predicate:
    those whose name or id the query reads as (``read_as``) and, for a query long enough,
    those whose name or id contains the query's text.

    Examples
    --------
    >>> people = pl.DataFrame({"contractor_id": ["C1", "C2"], "full_name": ["Ann Lee", "Bo Li"]})
    >>> read_as = pl.DataFrame({"kind": ["full_name"], "value": ["ann lee"]})
    >>> people.filter(_named("Lee, Ann", read_as))["contractor_id"].to_list()
    ['C1']
    """
    canonical = pl.col("full_name").map_batches(name.canonical, return_dtype=pl.String)
    return pl.any_horizontal(
        canonical.is_in(_values_read(read_as, NAME_KIND)),
        pl.col("contractor_id").is_in(_values_read(read_as, ID_KIND)),
        *_containing(text, (pl.col("full_name"), pl.col("contractor_id"), canonical)),
    )


def _values_read(read_as: pl.DataFrame, kind: str) -> pl.Series:
    """The values the query reads as for ``kind`` (`readings`), as one list for `is_in`."""
    return read_as.filter(pl.col("kind") == kind)["value"].implode()


def _containing(text: str, columns: Iterable[pl.Expr]) -> list[pl.Expr]:
    """Whether each of ``columns`` contains ``text``, case aside; none for a query shorter
    than `MIN_TEXT_QUERY`, which only hits whole values."""
    if len(text) < MIN_TEXT_QUERY:
        return []
    needle = text.lower()
    return [column.str.to_lowercase().str.contains(needle, literal=True) for column in columns]


def _searchable_values(
    observations: pl.DataFrame, contractors: pl.DataFrame, kinds_searched: list[str]
) -> pl.DataFrame:
    """contractor_id, kind, written, value: the identifiers of a searched kind among
    ``observations``, and the names and ids of ``contractors``."""
    identifiers = observations.filter(pl.col("kind").is_in(kinds_searched)).select(
        "contractor_id", "kind", written="raw", value="value"
    )
    names = contractors.select(
        "contractor_id",
        kind=pl.lit(NAME_KIND),
        written="full_name",
        value=name.canonical(contractors["full_name"]),
    )
    ids = contractors.select(
        "contractor_id", kind=pl.lit(ID_KIND), written="contractor_id", value="contractor_id"
    )
    return pl.concat([identifiers, names, ids]).drop_nulls("written").unique()
