"""Phone numbers in E.164, judged by Google's libphonenumber metadata.

``phonenumbers`` is the authority on validity and number type, but parsing
costs ~30 µs a value. So numbers are checked in polars against the very
patterns phonenumbers uses (its metadata regexes), following its own steps:
the calling code is split off a "+" number, or a national number has its
region's national prefix stripped; the region that owns the number is the
first of the calling code's regions whose leading digits or patterns match;
the type is what that region's patterns say. That gives identical answers at
column speed. Only what could be read otherwise (a national prefix after
"+", a national number that starts with the calling code or the
international prefix, a prefix rule that rewrites digits, non-geographic
codes) is parsed, once per distinct (digits, region) pair. Tests compare both
ways on every region's example numbers and their near misses.
"""

from __future__ import annotations

import itertools
import re
from functools import cache, lru_cache
from typing import Any

import phonenumbers
import polars as pl
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumberFormat, PhoneNumberType

from workbench.normalize._unique import as_text, map_python, on_unique
from workbench.normalize.merges import MERGES_SCHEMA, component_merges
from workbench.normalize.placeholders import placeholder_expr

#: Regions dialling abroad with 011. A leading 00 ("0044 20 …") is read as "+"
#: everywhere: no national number starts with it, NANP ones included.
NANP_REGIONS = ("US", "CA", "PR", "GU", "VI", "AS", "MP")

#: Default region when a contractor's claimed country is missing or unknown
#: and the number has no "+": most contractor records are North American.
DEFAULT_REGION = "US"
#: Digits from which a number written without "+" may be international: a
#: calling code and a national number together are 11 to 15 digits, while
#: national numbers written without their trunk prefix are mostly 10 or fewer.
MIN_INTERNATIONAL_DIGITS = 11
#: phonenumbers refuses longer inputs; we do not even try.
MAX_INPUT = 250

#: Lower-case names of phonenumbers' number types, by their integer code.
TYPE_NAMES: dict[int, str] = {
    code: name.lower() for name, code in vars(PhoneNumberType).items() if name.isupper()
}

#: Types in the order phonenumbers tests them (``_number_type_helper``).
_SPECIAL_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)
_DIALLABLE = r"^\+?[\d\s().\-/]+$"

#: Numbers split into calling code and national number, none yet.
_EMPTY_SPLIT = pl.DataFrame(
    schema={"position": pl.UInt32, "code": pl.String, "national": pl.String}
)


def _matches(national: pl.Expr, desc: object) -> pl.Expr:
    """``national`` fully matches a phonenumbers number description."""
    pattern = getattr(desc, "national_number_pattern", None)
    if not pattern:
        return pl.lit(False)
    lengths = list(getattr(desc, "possible_length", ()) or ())
    matched = national.str.contains(f"^(?:{pattern})$")
    return matched & national.str.len_chars().is_in(lengths) if lengths else matched


def _metadata(region: str) -> PhoneMetadata:
    """phonenumbers' metadata of a region it supports."""
    meta = PhoneMetadata.metadata_for_region(region)
    if meta is None:
        raise ValueError(f"phonenumbers has no metadata for region {region!r}")
    return meta


def _typed(numbers: pl.DataFrame, region: str) -> pl.DataFrame:
    """``numbers`` with the type name of each national number of ``region``, as phonenumbers
    decides it (column ``type``)."""
    meta = _metadata(region)
    national = pl.col("national")
    same = bool(meta.same_mobile_and_fixed_line_pattern)
    # Each pattern is matched once, into a column: the chain below reads some twice.
    descriptions = {"general": meta.general_desc, "fixed": meta.fixed_line}
    descriptions |= {name: getattr(meta, name) for name in _SPECIAL_TYPES}
    matched = {f"_{name}": _matches(national, desc) for name, desc in descriptions.items()}
    matched["_mobile"] = pl.lit(False) if same else _matches(national, meta.mobile)
    fixed, mobile = pl.col("_fixed"), pl.col("_mobile")
    chain: Any = pl.when(~pl.col("_general")).then(pl.lit("unknown"))
    for name in _SPECIAL_TYPES:
        chain = chain.when(pl.col(f"_{name}")).then(pl.lit(name))
    # phonenumbers' _number_type_helper: with one pattern for both, a fixed-line
    # match is "fixed_line_or_mobile" and anything else is unknown.
    chain = (
        chain.when(fixed & (pl.lit(same) | mobile))
        .then(pl.lit("fixed_line_or_mobile"))
        .when(fixed)
        .then(pl.lit("fixed_line"))
        .when(mobile)
        .then(pl.lit("mobile"))
        .otherwise(pl.lit("unknown"))
    )
    return numbers.with_columns(**matched).select(*numbers.columns, type=chain)


def _parse(key: str) -> str | None:
    """E.164 of ``key`` ("REGION|number") when it could be dialled, else None.

    A number that is possible but no carrier could assign it (an unassigned
    area code, a local number without one) is kept: several identities
    writing the same made-up digits is evidence, not noise. A number written
    without "+" that its region cannot assign is read as international when
    it has the length of one (see `MIN_INTERNATIONAL_DIGITS`): "1 270 369 7020"
    from someone claiming Japan is a North American number.
    """
    region, _, number = key.partition("|")
    if len(number) > MAX_INPUT:
        return None
    national = _reading(number, region or None)
    international = None
    digits = re.sub(r"\D", "", number)
    if region and not number.startswith("+") and len(digits) >= MIN_INTERNATIONAL_DIGITS:
        # "00" before a calling code is how most of the world dials abroad, whatever
        # the writer's own region dials ("001 212 …" from Korea, whose prefix is 001).
        international = _reading("+" + digits.removeprefix("00"), None)
    valid, possible = phonenumbers.is_valid_number, phonenumbers.is_possible_number
    preference = ((national, valid), (international, valid), (international, possible))
    for reading, dialable in (*preference, (national, possible)):
        if reading is not None and dialable(reading):
            return phonenumbers.format_number(reading, PhoneNumberFormat.E164)
    return None


def _reading(number: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    """phonenumbers' parse of ``number`` in ``region``, or None when it refuses."""
    try:
        return phonenumbers.parse(number, region)
    except NumberParseException:
        return None


def _region_expr(regions: pl.Series | None) -> pl.Expr:
    """Upper-cased supported region per row; the default where unknown."""
    if regions is None:
        return pl.lit(DEFAULT_REGION)
    region = pl.lit(as_text(regions)).str.strip_chars().str.to_uppercase()
    supported = region.is_in(sorted(phonenumbers.SUPPORTED_REGIONS))
    return pl.when(supported).then(region).otherwise(pl.lit(DEFAULT_REGION))


def canonical(values: pl.Series, regions: pl.Series | None = None) -> pl.Series:
    """E.164 form of each raw phone number; null when impossible or a placeholder.

    Valid numbers and numbers that are possible but unassigned (see
    `number_type`, which calls them ``unknown``) both get their E.164 form, so
    the same digits in any spelling give one value.

    Parameters
    ----------
    values : raw phone strings in any format.
    regions : ISO 3166 alpha-2 default region per row (the claimed country),
        used for numbers written without "+"; null or unknown → "US".

    Returns
    -------
    A String series of the same length.

    Examples
    --------
    >>> canonical(pl.Series(["(201) 555-0123", "020 7946 0958", "+44 20 7946 0958", "n/a"]),
    ...           pl.Series(["US", "GB", None, "US"])).to_list()
    ['+12015550123', '+442079460958', '+442079460958', None]
    >>> canonical(pl.Series(["+1 (477) 620-0304", "1 477 620 0304", "1 270 369 7020", "12"]),
    ...           pl.Series(["US", "JP", "JP", "US"])).to_list()
    ['+14776200304', '+14776200304', '+12703697020', None]
    """
    rows = pl.DataFrame({"raw": as_text(values)}).with_columns(region=_region_expr(regions))
    pairs = rows.unique(maintain_order=False)
    answers = pairs.with_columns(e164=_canonical_pairs(pairs))
    joined = rows.join(answers, on=["raw", "region"], how="left", maintain_order="left")
    return joined["e164"].cast(pl.String).rename(values.name)


def _canonical_pairs(pairs: pl.DataFrame) -> pl.Series:
    """E.164 for distinct (raw, region) rows: checked in polars where exact, else parsed."""
    # Each step a column: an expression read twice would be computed twice.
    raw = pl.col("raw")
    nanp = pl.col("region").is_in(NANP_REGIONS)
    frame = pairs.with_columns(raw.str.strip_chars())
    written = frame["raw"]
    frame = frame.with_columns(
        raw=pl.when(raw.str.contains(r"^00[1-9]"))
        .then("+" + raw.str.slice(2))
        .when(raw.str.contains(r"^011[\s.-]*[2-9]") & nanp)
        .then("+" + raw.str.slice(3).str.strip_chars_start(" .-"))
        .otherwise(raw)
    )
    digits, plus = pl.col("digits"), pl.col("plus")
    number = (
        pl.when(digits.is_not_null())
        .then(pl.when(plus).then("+" + digits).otherwise(digits))
        .otherwise(raw)
    )
    keyed = (
        frame.with_row_index("position")
        .with_columns(
            # Runs of non-digits dropped at once: the same digits, fewer replacements.
            digits=pl.when(raw.str.contains(_DIALLABLE)).then(raw.str.replace_all(r"\D+", "")),
            plus=raw.str.starts_with("+"),
            usable=~placeholder_expr(raw) & raw.str.contains(r"\d"),
        )
        .with_columns(key=pl.when(plus).then(pl.lit("")).otherwise(pl.col("region")) + "|" + number)
    )
    pending = keyed.filter(pl.col("usable") & pl.col("digits").is_not_null())
    claims = pl.concat(
        [
            _valid_claims(_split_calling_code(pending.filter(pl.col("plus")))),
            _valid_claims(_national_numbers(pending.filter(~pl.col("plus")))),
        ]
    )
    keyed = keyed.join(claims, on="position", how="left", maintain_order="left")
    slow = keyed.filter(pl.col("usable") & pl.col("fast").is_null())
    parsed = pl.DataFrame({"key": slow["key"], "parsed": map_python(slow["key"], _parse)})
    result = keyed.join(parsed.unique("key"), on="key", how="left", maintain_order="left").select(
        pl.when(pl.col("usable")).then(pl.coalesce("fast", "parsed"))
    )
    return _dialled_abroad(written, pairs["region"], result.to_series().cast(pl.String))


@cache
def _international_prefix(region: str) -> re.Pattern[str] | None:
    """The digits a region dials before a calling code (its IDD: "0011" in Australia)."""
    metadata = PhoneMetadata.metadata_for_region(region)
    prefix = None if metadata is None else metadata.international_prefix
    return None if prefix is None else re.compile(prefix)


def _abroad(text: str, region: str, read: str | None) -> str | None:
    """``read``, or where it is no valid number and ``text`` starts with its region's own
    international prefix longer than "00", the valid number the region's prefix gives."""
    pattern = _international_prefix(region)
    found = None if pattern is None else pattern.match(re.sub(r"\D", "", text))
    if found is None or found.end() <= 2:
        return read
    if read is not None and phonenumbers.is_valid_number(phonenumbers.parse(read)):
        return read
    number = _reading(text, region)
    if number is None or not phonenumbers.is_valid_number(number):
        return read
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _dialled_abroad(written: pl.Series, regions: pl.Series, read: pl.Series) -> pl.Series:
    """``read`` (the E.164 of each number as written), but where "00" read as "+" gives no
    valid number and the writer's own region dials abroad with a longer prefix ("0011"
    in Australia, "0021" in Brazil): the number that prefix gives.

    "00" before a calling code is how most of the world writes a number from
    abroad, and it is tried first: "001 212 …" from Korea is a New York number,
    though Korea also dials abroad with 001.

    Examples
    --------
    >>> written = pl.Series(["0011 65 8234 5678", "0021 55 11 91234 5678", "001 212 453 3970"])
    >>> _dialled_abroad(written, pl.Series(["AU", "BR", "KR"]),
    ...     pl.Series([None, None, "+12124533970"])).to_list()
    ['+6582345678', '+5511912345678', '+12124533970']
    """
    frame = pl.DataFrame(
        {"written": written, "region": regions.fill_null(DEFAULT_REGION), "read": read}
    ).with_row_index("position")
    subset = frame.filter(pl.col("written").str.starts_with("00").fill_null(False))
    # Only where the region's own prefix may begin the digits is each number read in turn.
    digits = pl.col("written").str.replace_all(r"\D+", "")  # `_abroad`'s, a run at a time
    maybe = subset.join(_own_prefixes(subset["region"]), on="region", how="left").filter(
        pl.col("patterned") | digits.str.starts_with(pl.col("prefix")).fill_null(False)
    )
    if not maybe.height:
        return read
    answers = [
        _abroad(text, region, e164)
        for text, region, e164 in maybe.select("written", "region", "read").iter_rows()
    ]
    return read.clone().scatter(maybe["position"], pl.Series(answers, dtype=pl.String))


def _own_prefixes(regions: pl.Series) -> pl.DataFrame:
    """region, prefix, patterned: the prefix each region dials abroad with, where it is
    plain digits longer than "00" ("011" in the United States), and whether it is a
    pattern instead (Australia's). A number written with "00" can begin with its region's
    own longer prefix only if the region has one of the two (`_dialled_abroad`).

    Examples
    --------
    >>> _own_prefixes(pl.Series(["US", "GB", "AU"])).sort("region").rows()
    [('AU', None, True), ('GB', None, False), ('US', '011', False)]
    """
    rows = []
    for region in regions.unique().drop_nulls().to_list():
        pattern = _international_prefix(region)
        text = "" if pattern is None else pattern.pattern
        plain = re.fullmatch("[0-9]*", text) is not None
        rows.append((region, text if plain and len(text) > 2 else None, not plain))
    return pl.DataFrame(
        rows,
        schema={"region": pl.String, "prefix": pl.String, "patterned": pl.Boolean},
        orient="row",
    )


@lru_cache(maxsize=1)
def calling_codes() -> pl.DataFrame:
    """Every country calling code of a supported region, with its main region.

    Examples
    --------
    >>> codes = calling_codes()
    >>> codes.filter(pl.col("code").is_in(["44", "81"])).sort("code").rows()
    [('44', 'GB'), ('81', 'JP')]
    """
    rows = [
        (str(code), regions[0])
        for code, regions in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items())
        if regions[0] in phonenumbers.SUPPORTED_REGIONS
    ]
    return pl.DataFrame(rows, schema={"code": pl.String, "region": pl.String}, orient="row")


def _split_calling_code(numbers: pl.DataFrame) -> pl.DataFrame:
    """(position, code, national) of international ``digits``, as phonenumbers splits them.

    Calling codes are prefix-free, so at most one of the 1–3 digit prefixes is
    one. A number whose national part the main region's national prefix could
    be stripped from (phonenumbers tries that even after a "+") is left out:
    the parser decides those.
    """
    split = pl.concat(
        [
            numbers.select(
                "position",
                code=pl.col("digits").str.slice(0, width),
                national=pl.col("digits").str.slice(width),
            )
            for width in (1, 2, 3)
        ]
    ).join(calling_codes(), on="code")
    kept = [
        group.filter(~_strippable(pl.col("national"), region)).drop("region")
        for (region,), group in split.partition_by("region", as_dict=True).items()
    ]
    return pl.concat([_EMPTY_SPLIT, *kept])


def _strippable(national: pl.Expr, region: str) -> pl.Expr:
    """The national prefix pattern of ``region`` matches at the start of ``national``."""
    pattern = _metadata(region).national_prefix_for_parsing
    return national.str.contains(f"^(?:{pattern})") if pattern else pl.lit(False)


def _national_numbers(numbers: pl.DataFrame) -> pl.DataFrame:
    """(position, code, national) of numbers written nationally in their row's region.

    This follows phonenumbers' parse for the cases where the outcome is
    certain: NANP numbers are their last ten digits; elsewhere the region's
    national prefix is stripped when the rest is a viable, possible number.
    Numbers that could be read otherwise (starting with the calling code or
    the international prefix, or a prefix rule that rewrites digits) are left
    out for the parser.
    """
    parts = [_EMPTY_SPLIT]
    for (region,), group in numbers.partition_by("region", as_dict=True).items():
        meta = _metadata(str(region))
        code = str(meta.country_code)
        digits = pl.col("digits")
        if region in NANP_REGIONS:
            national: pl.Expr = pl.when(digits.str.contains(r"^1?\d{10}$")).then(
                digits.str.slice(-10)
            )
        else:
            national = _stripped_national(digits, meta)
            national = pl.when(~digits.str.starts_with(code)).then(national)
            if meta.international_prefix:
                idd = digits.str.contains(f"^(?:{meta.international_prefix})")
                national = pl.when(~idd).then(national)
        parts.append(group.select("position", code=pl.lit(code), national=national))
    return pl.concat(parts).filter(pl.col("national").is_not_null())


def _stripped_national(digits: pl.Expr, meta: PhoneMetadata) -> pl.Expr:
    """The national number after phonenumbers' national prefix stripping; null if unsure."""
    pattern = meta.national_prefix_for_parsing
    if not pattern:
        return digits
    anchored = f"^(?:{pattern})"
    matched = digits.str.contains(anchored)
    stripped = digits.str.replace(anchored, "")
    general = meta.general_desc
    if general is None or not general.national_number_pattern:
        return pl.when(~matched).then(digits)
    possible = list(general.possible_length or ())
    local_only = list(general.possible_length_local_only or ())
    keeps = (
        stripped.str.contains(f"^(?:{general.national_number_pattern})$")
        & stripped.str.len_chars().is_in(possible)
        & ~stripped.str.len_chars().is_in(local_only)
    )
    groups = re.compile(pattern).groups
    if meta.national_prefix_transform_rule and groups:
        # The rule rewrites the digits only when the last group took part.
        keeps &= digits.str.extract(anchored, groups).is_null()
    return pl.when(~matched).then(digits).when(keeps).then(stripped)


def _valid_claims(numbers: pl.DataFrame) -> pl.DataFrame:
    """(position, fast): E.164 of the numbers the owning region's patterns call valid."""
    typed = numbers.join(_owner_types(numbers), on="position")
    return typed.filter(pl.col("type") != "unknown").select(
        "position", fast="+" + pl.col("code") + pl.col("national")
    )


def _owner_types(numbers: pl.DataFrame) -> pl.DataFrame:
    """(position, type): each number's type under the region phonenumbers assigns it.

    The region of a calling code several regions share is the first, in
    phonenumbers' order, whose leading digits match or (without leading
    digits) under whose patterns the number has a type. Numbers no region
    claims are left out.
    """
    typed = [pl.DataFrame(schema={"position": pl.UInt32, "type": pl.String})]
    national = pl.col("national")
    for (code,), group in numbers.partition_by("code", as_dict=True).items():
        listed = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(str(code)), ())
        regions = [r for r in listed if r in phonenumbers.SUPPORTED_REGIONS]
        pending = group.select("position", "national")
        for region in regions:
            meta = _metadata(region)
            if len(listed) == 1:
                claimed, pending = _typed(pending, region), pending.clear()
            elif meta.leading_digits:
                owns = national.str.contains(f"^(?:{meta.leading_digits})")
                pending = pending.with_columns(owns=owns)
                claimed = _typed(pending.filter(pl.col("owns")), region)
                pending = pending.filter(~pl.col("owns")).drop("owns")
            else:
                # The region owns what its patterns give a type: that type, typed once.
                all_typed = _typed(pending, region)
                claimed = all_typed.filter(pl.col("type") != "unknown")
                pending = all_typed.filter(pl.col("type") == "unknown").drop("type")
            typed.append(claimed.select("position", "type"))
            if pending.is_empty():
                break
    return pl.concat(typed)


def _type_of(e164: str) -> str:
    """phonenumbers' type name for one E.164 string."""
    try:
        return TYPE_NAMES[phonenumbers.number_type(phonenumbers.parse(e164, None))]
    except NumberParseException:
        return "unknown"


def _types_distinct(distinct: pl.Series) -> pl.Series:
    """Type names for distinct E.164 strings, from the owning region's metadata in polars.

    Strings that are not "+" and digits, or that phonenumbers might read
    otherwise (see `_split_calling_code`), are parsed.
    """
    frame = pl.DataFrame({"e164": distinct}).with_row_index("position")
    international = frame.filter(pl.col("e164").str.contains(r"^\+\d+$")).select(
        "position", digits=pl.col("e164").str.slice(1)
    )
    fast = frame.join(
        _owner_types(_split_calling_code(international)), on="position", how="left"
    ).sort("position")
    slow = fast.filter(pl.col("type").is_null())["e164"]
    slow_types = pl.DataFrame({"e164": slow, "slow": map_python(slow, _type_of)})
    joined = fast.join(slow_types.unique("e164"), on="e164", how="left", maintain_order="left")
    return joined.select(pl.coalesce("type", "slow")).to_series()


def number_type(e164: pl.Series) -> pl.Series:
    """Lower-case phonenumbers type ("voip", "mobile", "fixed_line_or_mobile", …).

    Parameters
    ----------
    e164 : canonical numbers from :func:`canonical`.

    Returns
    -------
    A String series; null where the input is null.

    Examples
    --------
    >>> number_type(pl.Series(["+12015550123", "+18002345678", "+445612345678", None])).to_list()
    ['fixed_line_or_mobile', 'toll_free', 'voip', None]
    """
    return on_unique(e164, _types_distinct).cast(pl.String)


def reading_merges(raw: pl.Series, numbers: pl.Series) -> pl.DataFrame:
    """One reading for the same digits written without "+" by people claiming other countries.

    A number written without its country code is read in its writer's
    claimed country (`canonical`), so "(641) 448-6186" is +1 641… for one
    identity and +44 641… for another that claims Britain: the same phone,
    two values, and the tie between them lost. Readings of one digit string
    (and readings that join two such strings) become one: a valid number
    (phonenumbers' metadata) before a possible one, then the reading more
    rows gave, then the least. A number written with "+" is read one
    way only, but takes the merged reading if it is one of the merged ones.

    Parameters
    ----------
    raw : the numbers as written.
    numbers : `canonical` of ``raw``, each in its writer's claimed country.

    Returns
    -------
    ``key`` → ``merged`` (`MERGES_SCHEMA`), for every reading that is not its
    group's; `workbench.normalize.address_match.merged_keys` applies them.

    It is made in three steps, so that an engine that normalises a case in
    parts makes it without the case's numbers in one place: `reading_tally` of
    each part, `split_readings` of the tallies by groups of digits, and
    `merged_readings` of the few readings that split.

    Examples
    --------
    >>> raw = pl.Series(["(641) 448-6186", "641.448.6186", "020 7946 0958"])
    >>> regions = pl.Series(["US", "GB", "GB"])
    >>> reading_merges(raw, canonical(raw, regions)).rows()
    [('+446414486186', '+16414486186')]
    """
    return merged_readings(split_readings(reading_tally(raw, numbers)))


#: Columns of `reading_tally`: the digits written without "+", one reading of them, and
#: how many rows wrote them that were read so.
TALLY_SCHEMA = pl.Schema({"digits": pl.String(), "key": pl.String(), "rows": pl.UInt32()})


def reading_tally(raw: pl.Series, numbers: pl.Series) -> pl.DataFrame:
    """Each reading (`canonical`) of the digits of numbers written without "+", and how many
    of ``raw`` were written so (`TALLY_SCHEMA`): what some numbers say for `split_readings`.

    Tallies of parts of a case, put together, are read by `split_readings` as
    the whole case's: a reading tallied in several parts sums its rows.

    Examples
    --------
    >>> raw = pl.Series(["(641) 448-6186", "641.448.6186", "+1 641 448 6186"])
    >>> reading_tally(raw, canonical(raw, pl.Series(["US", "GB", "US"]))).sort("key").rows()
    [('6414486186', '+16414486186', 1), ('6414486186', '+446414486186', 1)]
    """
    written = pl.DataFrame({"raw": as_text(raw), "key": numbers})
    national = written.filter(
        pl.col("key").is_not_null() & ~pl.col("raw").str.contains(r"^\s*\+")
    ).select(digits=pl.col("raw").str.replace_all(r"\D+", ""), key="key")
    return national.group_by("digits", "key").agg(rows=pl.len()).cast(TALLY_SCHEMA)  # type: ignore[arg-type]


def split_readings(tally: pl.DataFrame) -> pl.DataFrame:
    """The `reading_tally` rows, summed, of the digits read more than one way, from the
    tally rows of some whole groups of digits: those of several groups are those of each
    group put together.

    Examples
    --------
    >>> tally = pl.DataFrame({"digits": ["641", "641", "641", "020"],
    ...     "key": ["+1641", "+1641", "+44641", "+4420"], "rows": [1, 2, 1, 5]})
    >>> split_readings(tally.cast(TALLY_SCHEMA)).sort("key").rows()
    [('641', '+1641', 3), ('641', '+44641', 1)]
    """
    readings = tally.group_by("digits", "key").agg(pl.col("rows").sum().cast(pl.UInt32))
    return readings.filter(pl.col("key").n_unique().over("digits") > 1)


def merged_readings(split: pl.DataFrame) -> pl.DataFrame:
    """key → merged (`MERGES_SCHEMA`, sorted by key) from every `split_readings` row of a case.

    Readings of one digit string, and readings that join two such strings,
    become the one ranked first: a valid number before a possible one, then
    the reading more rows gave, then the least.

    Examples
    --------
    >>> split = pl.DataFrame({"digits": ["6414486186", "6414486186"],
    ...     "key": ["+16414486186", "+446414486186"], "rows": [1, 1]})
    >>> merged_readings(split).rows()
    [('+446414486186', '+16414486186')]
    """
    if split.is_empty():
        return pl.DataFrame(schema=MERGES_SCHEMA)
    readings = split.group_by("digits").agg("key")["key"]
    counted = split.group_by("key").agg(pl.col("rows").sum())
    ranked = counted.with_columns(valid=number_type(counted["key"]) != "unknown").sort(
        ["valid", "rows", "key"], descending=[True, True, False]
    )
    return component_merges(
        (pair for keys in readings for pair in itertools.pairwise(keys)), ranked["key"]
    )
